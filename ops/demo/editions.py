"""The demo newsroom's translations of the seed story, into Turkish and Arabic.

Written for the demo (the agency's own Turkish and Arabic services wrote their own
stories), so that a reader can switch editions and an editor can watch a translation
fall out of date after an edit to the original. ``load_demo`` loads them when the
newsroom publishes in these languages (``make run`` turns on en, tr and ar).
"""

from ops.demo import SEED, Story

SEED_TRANSLATIONS = {
    "tr": Story(
        headline=(
            "Blinken, Çavuşoğlu ile görüşmesinin ardından ‘koordinasyonun sürmesi’ vurgusu yaptı"
        ),
        standfirst=(
            "ABD Dışişleri Bakanı: ‘NATO’nun Rusya’nın Ukrayna’ya karşı başlattığı gerekçesiz "
            "savaşa yanıtı, Suriye ve diğer sorunlar konusunda koordinasyonun sürmesini dört "
            "gözle bekliyorum’"
        ),
        body="".join(
            [
                "<p>ABD Dışişleri Bakanı Antony Blinken, Washington’da Dışişleri Bakanı Mevlüt "
                "Çavuşoğlu ile görüşmesinin ardından çeşitli konularda Türkiye ile "
                "“koordinasyonun sürmesini” dört gözle beklediğini söyledi.</p>",
                "<p>Türkiye-ABD Stratejik Mekanizması kapsamında birçok önemli konuyu "
                "görüştüklerini belirten Blinken, perşembe günü Twitter’dan şu paylaşımı yaptı: "
                "“@NATO’nun Rusya’nın Ukrayna’ya karşı başlattığı gerekçesiz savaşa yanıtı, "
                "Suriye ve diğer sorunlar konusunda koordinasyonun sürmesini dört gözle "
                "bekliyorum.”</p>",
                "<p>Blinken, görüşme sırasında çekilen fotoğrafları da paylaştı.</p>",
                "<h2>‘Olumlu ikili gündem’</h2>",
                "<p>Ortak açıklamaya göre Blinken ve Çavuşoğlu çarşamba günü bir araya gelerek "
                "“olumlu ikili gündemlerindeki” ilerlemeyi gözden geçirmek ve ivmeyi korumak "
                "için stratejik mekanizma çerçevesindeki temaslarını sürdürme konusunda "
                "uzlaştı.</p>",
                "<p>Mekanizma, geçen nisan ayında Cumhurbaşkanı Recep Tayyip Erdoğan ile ABD’li "
                "mevkidaşı Joe Biden’ın Roma’daki G20 zirvesi marjında yaptığı görüşmenin "
                "ardından hayata geçirilmişti.</p>",
                "<p>İki bakan, bugüne kadar mekanizma kapsamında dört kez bir araya geldi.</p>",
                "<p>Açıklamada, Çavuşoğlu ve Blinken’in “somut ve sonuç odaklı olumlu bir ikili "
                "gündeme bağlılıklarını yinelediği” belirtilerek, Türkiye’nin F-16 filosunun "
                "modernizasyonu dahil Türkiye-ABD savunma ortaklığının güçlendirilmesini de "
                "görüştükleri ifade edildi.</p>",
                "<p>NATO konusunda ise Çavuşoğlu ve Blinken, “Müttefikler olarak kolektif "
                "savunmaya ve NATO’nun Açık Kapı Politikası’na uzun süredir devam eden "
                "bağlılıklarını yeniden teyit etti.”</p>",
                "<p>İki bakan ayrıca “Türkiye-ABD ikili ticari ilişkilerindeki sürekli büyümeyi "
                "memnuniyetle karşıladı.”</p>",
            ]
        ),
        section=SEED.section,
        published_at=SEED.published_at,
        tags=SEED.tags,
        language="tr",
    ),
    "ar": Story(
        headline="بلينكن يؤكد على «مواصلة التنسيق» بعد لقائه جاووش أوغلو",
        standfirst=(
            "وزير الخارجية الأمريكي: «أتطلع إلى مواصلة التنسيق بشأن رد الناتو على حرب روسيا "
            "غير المبررة ضد أوكرانيا، وسوريا، وتحديات أخرى»"
        ),
        body="".join(
            [
                "<p>قال وزير الخارجية الأمريكي أنتوني بلينكن إنه يتطلع إلى «مواصلة التنسيق» مع "
                "تركيا في قضايا مختلفة، عقب لقائه وزير الخارجية التركي مولود جاووش أوغلو في "
                "واشنطن.</p>",
                "<p>وأشار بلينكن إلى أنهما بحثا قضايا مهمة عديدة في إطار الآلية الاستراتيجية "
                "التركية الأمريكية، وكتب على تويتر يوم الخميس: «أتطلع إلى مواصلة التنسيق بشأن "
                "رد @NATO على حرب روسيا غير المبررة ضد أوكرانيا، وسوريا، وتحديات أخرى».</p>",
                "<p>كما نشر صورًا التُقطت خلال اللقاء.</p>",
                "<h2>«أجندة ثنائية إيجابية»</h2>",
                "<p>وذكر بيان مشترك أن بلينكن وجاووش أوغلو التقيا يوم الأربعاء واتفقا على "
                "مواصلة تواصلهما في إطار آلية استراتيجية لمراجعة التقدم والحفاظ على الزخم في "
                "«أجندتهما الثنائية الإيجابية».</p>",
                "<p>وأُطلقت الآلية في أبريل/نيسان الماضي إثر لقاء جمع الرئيس التركي رجب طيب "
                "أردوغان ونظيره الأمريكي جو بايدن على هامش قمة مجموعة العشرين في روما.</p>",
                "<p>والتقى الوزيران حتى الآن أربع مرات في إطار الآلية.</p>",
                "<p>وأضاف البيان أن جاووش أوغلو وبلينكن «جددا التزامهما بأجندة ثنائية إيجابية "
                "ملموسة وموجهة نحو النتائج»، وأنهما بحثا تعزيز الشراكة الدفاعية التركية "
                "الأمريكية، بما في ذلك تحديث أسطول مقاتلات إف-16 التركي.</p>",
                "<p>وبشأن الناتو، «أكد جاووش أوغلو وبلينكن مجددًا التزامهما الراسخ بالدفاع "
                "الجماعي بوصفهما حليفين، وبسياسة الباب المفتوح التي ينتهجها الناتو».</p>",
                "<p>كما «أشاد الوزيران بالنمو المتواصل في العلاقات التجارية الثنائية بين تركيا "
                "والولايات المتحدة».</p>",
            ]
        ),
        section=SEED.section,
        published_at=SEED.published_at,
        tags=SEED.tags,
        language="ar",
    ),
}
