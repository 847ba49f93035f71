"""Placeholder pictures for the demo: drawn here, so no photo rights are involved."""

from io import BytesIO

from PIL import Image, ImageDraw, ImageFont, ImageOps

# A calm newsroom blue, darker at the top.
TOP, BOTTOM = (16, 42, 67), (74, 128, 158)


def placeholder_jpeg(lines, size=(1200, 675)):
    """JPEG bytes: a vertical gradient with a few centred lines of text."""
    gradient = Image.linear_gradient("L").resize(size)
    picture = ImageOps.colorize(gradient, black=TOP, white=BOTTOM)
    draw = ImageDraw.Draw(picture)
    sizes = [size[1] // 8] + [size[1] // 16] * (len(lines) - 1)
    fonts = [ImageFont.load_default(size=s) for s in sizes]
    heights = [font.getbbox(line)[3] for font, line in zip(fonts, lines, strict=True)]
    gap = size[1] // 30
    y = (size[1] - sum(heights) - gap * (len(lines) - 1)) // 2
    for font, line, height in zip(fonts, lines, heights, strict=True):
        draw.text((size[0] // 2, y), line, font=font, fill="white", anchor="mt")
        y += height + gap
    out = BytesIO()
    picture.save(out, "JPEG", quality=85, optimize=True)
    return out.getvalue()
