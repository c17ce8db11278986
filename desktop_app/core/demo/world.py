"""Customers from around the world, one per script a shop meets: for sample labels and tests."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class WorldCustomer:
    """A customer's name and address as an order carries them, and the script it is written in."""

    script: str
    name: str
    street: str
    postcode: str
    city: str
    region: str
    country: str
    lang: str = "en"


WORLD = (
    WorldCustomer("latin-polish", "Łukasz Żółć", "ul. Świętokrzyska 12/4", "00-916", "Warszawa", "", "PL"),
    WorldCustomer("latin-czech", "Jiří Dvořák", "Náměstí Míru 15", "120 00", "Praha 2", "", "CZ"),
    WorldCustomer("latin-turkish", "Elif Yılmaz", "Bağdat Caddesi 212", "34728", "Kadıköy/İstanbul", "", "TR"),
    WorldCustomer("latin-romanian", "Ștefan Țîrlea", "Strada Ștefan cel Mare 9", "700063", "Iași", "", "RO"),
    WorldCustomer("latin-vietnamese", "Nguyễn Văn Đức", "18 Phố Hàng Bạc", "100000", "Hà Nội", "", "VN"),
    WorldCustomer("latin-icelandic", "Þórunn Guðmundsdóttir", "Laugavegur 28", "101", "Reykjavík", "", "IS"),
    WorldCustomer("latin-german", "Jürgen Größmann", "Bergmannstraße 5", "10961", "Berlin", "Berlin", "DE"),
    WorldCustomer("latin-uk", "Siân O'Brien", "221B Baker Street", "NW1 6XE", "London", "", "GB"),
    WorldCustomer("latin-us", "José Ramírez", "1600 Pennsylvania Ave NW", "20500", "Washington", "DC", "US"),
    WorldCustomer("greek", "Γιώργος Παπαδόπουλος", "Οδός Ερμού 25", "105 63", "Αθήνα", "", "GR"),
    WorldCustomer("cyrillic", "Олена Шевченко", "вул. Хрещатик, 22", "01001", "Київ", "", "UA"),
    WorldCustomer("hebrew", "דוד כהן", "רחוב הרצל 15", "6578201", "תל אביב", "", "IL"),
    WorldCustomer("arabic", "فاطمة الزهراء", "شارع الملك فهد 12", "12271", "الرياض", "", "SA"),
    WorldCustomer("devanagari", "राहुल शर्मा", "12 महात्मा गांधी मार्ग", "110001", "नई दिल्ली", "दिल्ली", "IN"),
    WorldCustomer("thai", "สมชาย ใจดี", "99 ถนนสุขุมวิท", "10110", "กรุงเทพมหานคร", "", "TH"),
    WorldCustomer("chinese-simplified", "张伟", "建国路88号 SOHO现代城3号楼1201室", "100022", "朝阳区", "北京市", "CN",
                  "zh_CN"),
    WorldCustomer("chinese-traditional", "陳大文", "中山北路二段45號", "104", "中山區", "台北市", "TW", "zh_CN"),
    WorldCustomer("japanese", "やまだ たろう (山田 太郎)", "千代田1-1", "100-0001", "千代田区", "東京都", "JP"),
    WorldCustomer("korean", "김민준", "세종대로 110", "04524", "중구", "서울특별시", "KR"),
)
