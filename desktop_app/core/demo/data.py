"""The demo shop's catalogue, customers and return reasons: a small EU shop for clothing and home goods."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class DemoProduct:
    """One product of the demo catalogue (price in EUR cents, VAT included)."""

    sku: str
    name: str
    category: str
    price_minor: int
    sized: bool = False


@dataclass(frozen=True)
class DemoCustomer:
    """A customer template: name, e-mail stem, address and language."""

    name: str
    email: str
    street: str
    city: str
    postcode: str
    region: str
    country: str
    language: str


FINAL_SALE_CATEGORY = "Final sale"
SHOP_SETTINGS: dict[str, object] = {
    "shop.name": "Linden & Loom",
    "shop.address": ["Linden & Loom GmbH", "Returns department", "Lindenstraße 12", "10969 Berlin",
                     "Germany"],
    "shop.email": "returns@linden-loom.example",
    "shop.phone": "+49 30 1234567",
    "shop.country": "DE",
    "shop.currency": "EUR",
    "shop.timezone": "Europe/Berlin",
    "shop.language": "en",
}

PRODUCTS: tuple[DemoProduct, ...] = (
    DemoProduct("TEE-ORG-WHT", "Organic cotton T-shirt, white", "Tops", 2490, True),
    DemoProduct("TEE-ORG-BLK", "Organic cotton T-shirt, black", "Tops", 2490, True),
    DemoProduct("TEE-STR-NVY", "Breton striped top, navy", "Tops", 3490, True),
    DemoProduct("BLS-LIN-SND", "Linen blouse, sand", "Tops", 5990, True),
    DemoProduct("SHR-OXF-BLU", "Oxford shirt, light blue", "Tops", 4990, True),
    DemoProduct("DRS-WRP-GRN", "Wrap dress, forest green", "Dresses", 8990, True),
    DemoProduct("DRS-SLP-BLK", "Slip dress, black", "Dresses", 7490, True),
    DemoProduct("DRS-SUM-FLR", "Summer dress, floral", "Dresses", 6490, True),
    DemoProduct("DRS-KNT-GRY", "Knitted midi dress, grey", "Dresses", 9990, True),
    DemoProduct("TRS-CHN-BEI", "Chino trousers, beige", "Trousers", 6990, True),
    DemoProduct("TRS-WDL-BLK", "Wide-leg trousers, black", "Trousers", 7990, True),
    DemoProduct("JNS-STR-IND", "Straight jeans, indigo", "Trousers", 8490, True),
    DemoProduct("JNS-SKN-BLK", "Skinny jeans, black", "Trousers", 7990, True),
    DemoProduct("KNT-MER-CML", "Merino jumper, camel", "Knitwear", 8990, True),
    DemoProduct("KNT-CSH-GRY", "Cashmere cardigan, grey", "Knitwear", 14900, True),
    DemoProduct("KNT-CBL-CRM", "Cable-knit sweater, cream", "Knitwear", 9490, True),
    DemoProduct("OUT-TRN-KHK", "Trench coat, khaki", "Outerwear", 18900, True),
    DemoProduct("OUT-PUF-NVY", "Recycled puffer jacket, navy", "Outerwear", 15900, True),
    DemoProduct("OUT-RAI-YLW", "Rain jacket, yellow", "Outerwear", 9990, True),
    DemoProduct("SHO-SNK-WHT", "Leather sneakers, white", "Shoes", 11900, True),
    DemoProduct("SHO-BOT-BRN", "Chelsea boots, brown", "Shoes", 15900, True),
    DemoProduct("SHO-SAN-TAN", "Leather sandals, tan", "Shoes", 7990, True),
    DemoProduct("ACC-SCF-WOL", "Wool scarf, rust", "Accessories", 3990),
    DemoProduct("ACC-BEA-GRY", "Ribbed beanie, grey", "Accessories", 2490),
    DemoProduct("ACC-BLT-LTH", "Leather belt, brown", "Accessories", 4490, True),
    DemoProduct("ACC-TOT-CNV", "Canvas tote bag", "Accessories", 2990),
    DemoProduct("BED-DUV-LIN", "Linen duvet cover, 200×200", "Bedding", 12900),
    DemoProduct("BED-SHT-PRC", "Percale fitted sheet, 180×200", "Bedding", 4990),
    DemoProduct("BED-PIL-DWN", "Down pillow, 80×80", "Bedding", 6990),
    DemoProduct("BED-THR-WOL", "Wool throw, herringbone", "Bedding", 8990),
    DemoProduct("KIT-MUG-STN", "Stoneware mug, set of 2", "Kitchen", 2990),
    DemoProduct("KIT-PLT-STN", "Stoneware dinner plates, set of 4", "Kitchen", 5990),
    DemoProduct("KIT-TWL-LIN", "Linen tea towels, set of 3", "Kitchen", 2490),
    DemoProduct("KIT-KNF-CHF", "Chef's knife, 20 cm", "Kitchen", 8990),
    DemoProduct("KIT-FRP-CST", "Cast-iron frying pan, 26 cm", "Kitchen", 5490),
    DemoProduct("DEC-VAS-CER", "Ceramic vase, matte white", "Decor", 3990),
    DemoProduct("DEC-CND-SOY", "Soy candle, cedar", "Decor", 1990),
    DemoProduct("DEC-CSH-VEL", "Velvet cushion cover, ochre", "Decor", 2990),
    DemoProduct("DEC-LMP-RAT", "Rattan table lamp", "Decor", 7990),
    DemoProduct("DEC-MIR-OAK", "Oak wall mirror, 60 cm", "Decor", 11900),
    DemoProduct("SAL-TEE-PNK", "Last-season T-shirt, pink", FINAL_SALE_CATEGORY, 990, True),
    DemoProduct("SAL-DRS-RED", "Sample sale dress, red", FINAL_SALE_CATEGORY, 2990, True),
    DemoProduct("SAL-MUG-SEC", "Seconds mug, speckled", FINAL_SALE_CATEGORY, 790),
)
SIZES = ("XS", "S", "M", "L", "XL")

CUSTOMERS: tuple[DemoCustomer, ...] = (
    DemoCustomer("Anna Schneider", "anna.schneider", "Bergmannstraße 5", "Berlin", "10961", "Berlin", "DE",
                 "en"),
    DemoCustomer("Lukas Weber", "lukas.weber", "Maximilianstraße 22", "München", "80539", "Bayern", "DE",
                 "en"),
    DemoCustomer("Sophie Martin", "sophie.martin", "12 rue des Lilas", "Lyon", "69003", "", "FR", "en"),
    DemoCustomer("Jan de Vries", "jan.devries", "Prinsengracht 263", "Amsterdam", "1016 GV", "", "NL", "en"),
    DemoCustomer("Giulia Rossi", "giulia.rossi", "Via Roma 14", "Milano", "20121", "MI", "IT", "en"),
    DemoCustomer("Marta García", "marta.garcia", "Calle Mayor 8", "Madrid", "28013", "", "ES", "en"),
    DemoCustomer("Emma Fischer", "emma.fischer", "Schanzenstraße 40", "Hamburg", "20357", "Hamburg", "DE",
                 "en"),
    DemoCustomer("Felix Wagner", "felix.wagner", "Königsallee 60", "Düsseldorf", "40212", "NRW", "DE", "en"),
    DemoCustomer("Clara Hoffmann", "clara.hoffmann", "Neustadt 3", "Dresden", "01097", "Sachsen", "DE", "en"),
    DemoCustomer("Noah Becker", "noah.becker", "Hauptstraße 101", "Heidelberg", "69117", "BW", "DE", "en"),
    DemoCustomer("Mia Schulz", "mia.schulz", "Eppendorfer Weg 7", "Hamburg", "20259", "Hamburg", "DE", "en"),
    DemoCustomer("Paul Keller", "paul.keller", "Mariahilfer Straße 45", "Wien", "1060", "", "AT", "en"),
    DemoCustomer("Olivia Brown", "olivia.brown", "14 Clarence Road", "Dublin", "D04 X2Y3", "", "IE", "en"),
    DemoCustomer("Lena Wolf", "lena.wolf", "Zeil 88", "Frankfurt am Main", "60313", "Hessen", "DE", "en"),
    DemoCustomer("Jonas Neumann", "jonas.neumann", "Kastanienallee 19", "Berlin", "10435", "Berlin", "DE",
                 "en"),
    DemoCustomer("Elif Yılmaz", "elif.yilmaz", "Keupstraße 21", "Köln", "51063", "NRW", "DE", "en"),
    DemoCustomer("Piotr Nowak", "piotr.nowak", "ul. Floriańska 15", "Kraków", "31-019", "", "PL", "en"),
    DemoCustomer("Sara Lindqvist", "sara.lindqvist", "Götgatan 30", "Stockholm", "118 46", "", "SE", "en"),
    DemoCustomer("王芳", "wang.fang", "上海市浦东新区世纪大道100号", "上海", "200120", "上海市", "CN", "zh_CN"),
    DemoCustomer("李娜", "li.na", "北京市朝阳区建国路88号", "北京", "100022", "北京市", "CN", "zh_CN"),
    DemoCustomer("张伟", "zhang.wei", "Kantstraße 54", "Berlin", "10627", "Berlin", "DE", "zh_CN"),
    DemoCustomer("刘洋", "liu.yang", "广州市天河区天河路385号", "广州", "510620", "广东省", "CN", "zh_CN"),
    DemoCustomer("陈静", "chen.jing", "Leopoldstraße 31", "München", "80802", "Bayern", "DE", "zh_CN"),
    DemoCustomer("杨敏", "yang.min", "杭州市西湖区文三路90号", "杭州", "310012", "浙江省", "CN", "zh_CN"),
)
FIRST_NAMES = ("Anna", "Lukas", "Sophie", "Jan", "Giulia", "Marta", "Emma", "Felix", "Clara", "Noah", "Mia",
               "Paul", "Olivia", "Lena", "Jonas", "Hannah", "Leon", "Marie", "Ben", "Laura", "Tim", "Julia")
LAST_NAMES = ("Müller", "Schmidt", "Schneider", "Fischer", "Weber", "Meyer", "Wagner", "Becker", "Schulz",
              "Hoffmann", "Koch", "Richter", "Klein", "Wolf", "Schröder", "Neumann", "Braun", "Zimmermann")
CHINESE_SURNAMES = ("王", "李", "张", "刘", "陈", "杨", "赵", "黄", "周", "吴")
CHINESE_GIVEN = ("芳", "娜", "伟", "洋", "静", "敏", "磊", "婷", "强", "丽", "军", "秀英")

# Reason codes of the domain's default catalogue with how often a customer picks each.
CLOTHING_REASONS: tuple[tuple[str, int], ...] = (
    ("wrong_size", 40), ("changed_mind", 14), ("not_as_described", 12), ("defective", 9),
    ("damaged_in_transit", 5), ("wrong_item", 5), ("ordered_by_mistake", 6), ("better_price", 4),
    ("arrived_late", 2),
)
HOME_REASONS: tuple[tuple[str, int], ...] = (
    ("changed_mind", 24), ("damaged_in_transit", 22), ("defective", 18), ("not_as_described", 16),
    ("wrong_item", 8), ("ordered_by_mistake", 7), ("better_price", 5),
)
HOME_CATEGORIES = frozenset({"Bedding", "Kitchen", "Decor"})
COMMENTS: dict[str, tuple[str, ...]] = {
    "wrong_size": ("Too small across the shoulders.", "Runs large, need one size down.", "太小了，想换大一号。"),
    "defective": ("Seam came apart after one wash.", "The zip is broken.", "有一个洞。"),
    "not_as_described": ("The colour is much darker than on the photo.", "Fabric feels thinner than "
                         "described.", "颜色和图片不一样。"),
    "damaged_in_transit": ("Arrived cracked.", "Box was crushed, item scratched.", "收到时已经破了。"),
    "changed_mind": ("Doesn't suit me after all.", "", "不喜欢。"),
}
