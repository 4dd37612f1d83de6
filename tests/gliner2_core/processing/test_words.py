from gliner2_core.processing.words import model_text, split_words


def test_words_are_lower_cased_with_offsets_into_the_original_text():
    text = "Tim Cook visited PARIS."
    words = split_words(text)
    assert words.words == ("tim", "cook", "visited", "paris", ".")
    assert [text[s:e] for s, e in zip(words.starts, words.ends)] == ["Tim", "Cook", "visited", "PARIS", "."]


def test_urls_emails_and_handles_stay_single_words():
    words = split_words("Mail ann.lee@example.com or see https://x.io/a?b=1 and ping @acme_help now").words
    assert "ann.lee@example.com" in words
    assert "https://x.io/a?b=1" in words
    assert "@acme_help" in words


def test_offsets_stay_right_when_lower_casing_changes_length():
    text = "İstanbul and Zürich"
    words = split_words(text)
    assert [text[s:e] for s, e in zip(words.starts, words.ends)] == ["İstanbul", "and", "Zürich"]


def test_hyphenated_and_underscored_words_are_one_word():
    assert split_words("state-of-the-art snake_case").words == ("state-of-the-art", "snake_case")


def test_model_text_appends_a_period_only_when_needed():
    assert model_text("Hello") == "Hello."
    assert model_text("Hello!") == "Hello!"
    assert model_text("Is it?") == "Is it?"
