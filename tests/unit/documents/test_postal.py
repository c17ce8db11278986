"""Addresses print in the order the destination country writes them."""

from desktop_app.core.demo.samples import write_samples
from desktop_app.core.demo.world import WORLD
from desktop_app.core.documents.postal import postal_address


def test_postcode_before_the_town_in_germany_and_france_and_no_country_at_home():
    assert postal_address("Anna", "Bergmannstraße 5", "10961", "Berlin", "Berlin", "DE", home="DE").lines == (
        "Bergmannstraße 5", "10961 Berlin")
    assert postal_address("Sophie", "12 rue des Lilas", "69003", "Lyon", "", "FR", home="DE").lines == (
        "12 rue des Lilas", "69003 Lyon", "FRANCE")


def test_postcode_after_the_town_in_the_uk_and_the_us():
    assert postal_address("Jane", "221B Baker Street", "NW1 6XE", "London", "", "GB", home="GB").lines == (
        "221B Baker Street", "London", "NW1 6XE")
    assert postal_address("John", "1 Main St", "62704", "Springfield", "IL", "US", home="DE").lines == (
        "1 Main St", "Springfield, IL 62704", "UNITED STATES")


def test_chinese_from_the_province_down_and_japanese_with_the_postal_mark():
    assert postal_address("张伟", "建国路88号", "100022", "朝阳区", "北京市", "CN", "zh_CN", home="CN").lines == (
        "北京市朝阳区", "建国路88号", "100022")
    assert postal_address("山田太郎", "千代田1-1", "100-0001", "千代田区", "東京都", "JP", home="DE").lines == (
        "〒100-0001", "東京都 千代田区", "千代田1-1", "JAPAN")


def test_a_sample_label_is_written_for_a_customer_in_every_script(tmp_path):
    written = write_samples(tmp_path)
    assert len(written) == len(WORLD) >= 17
    assert all(path.read_bytes().startswith(b"%PDF") for path in written)
