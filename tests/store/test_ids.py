from meetup.store.ids import MAX_SLUG, slugify


def test_slugify_folds_and_dashes() -> None:
    assert slugify("Gate: Ünïcode & more!") == "gate-unicode-more"
    assert slugify("  Straße  Œuvre ") == "strasse-oeuvre"
    assert slugify("[x] --- [y]") == "x-y"


def test_slugify_empty_title_gives_item() -> None:
    assert slugify("!!!") == "item"
    assert slugify("日本語") == "item"


def test_slugify_suffixes_on_collision() -> None:
    assert slugify("Gate", {"gate"}) == "gate-2"
    assert slugify("Gate", {"gate", "gate-2"}) == "gate-3"


def test_slugify_stays_within_max_length() -> None:
    long = "word " * 40
    slug = slugify(long)
    assert len(slug) <= MAX_SLUG and not slug.endswith("-")
    suffixed = slugify(long, {slug})
    assert len(suffixed) <= MAX_SLUG and suffixed.endswith("-2")
