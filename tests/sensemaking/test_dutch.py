from sensemaking.dutch import STOP_WORDS, is_stop_word, lemma, lemmas, tokens


def test_lemmas_from_lookup_and_rule_tables():
    assert lemma("kinderen") == "kind"
    assert lemma("gescheiden") == "scheiden"
    assert lemma("scholen") == "school"
    assert lemma("Ouders") == "ouder"
    assert lemma("pleeggezinnen") == "pleeggezin"
    assert lemma("kreeg") == "krijgen"


def test_known_nouns_are_not_turned_into_verbs():
    # The verb exception table holds imperative forms ("huis" -> "huizen"); nouns must win.
    for word in ("huis", "moeder", "weer", "meer", "niet"):
        assert lemma(word) == word


def test_unknown_words_stay_as_they_are():
    assert lemma("jeugdfondsregeling") == "jeugdfondsregeling"


def test_stop_words_keep_negations_and_domain_words():
    for word in ("niet", "geen", "nooit", "alleen", "gewoon"):
        assert word not in STOP_WORDS
    for word in ("de", "het", "een", "en", "van"):
        assert is_stop_word(word)


def test_lemmas_drop_stop_words_but_keep_negation():
    assert lemmas("De kinderen gingen niet meer naar school.") == ["kind", "gaan", "niet", "meer", "school"]


def test_tokens_skip_punctuation_and_numbers():
    assert tokens("Na 3 weken, eindelijk: een plek!") == ["Na", "weken", "eindelijk", "een", "plek"]


def test_content_text_is_dutch_lemmas_and_other_languages_keep_their_words():
    from sensemaking.dutch import content_text, looks_dutch

    assert content_text("De kinderen gingen niet meer naar school.") == "kind gaan niet meer school"
    others = [
        "We were on the waiting list for nine months before anyone saw our son.",
        "Après le divorce, elle devait changer de maison chaque semaine.",
        "Okulda sosyal medyada onunla dalga geçtiler ve fotoğraflarını paylaştılar.",
        "Der Kinderarzt hat seine Schmerzen monatelang nicht ernst genommen.",
        "Czekaliśmy dziewięć miesięcy na pierwszą rozmowę z psychologiem.",
        "لقد انتظرنا تسعة أشهر قبل أول موعد",
        "Mi hijo esperó nueve meses para ver a un psicólogo.",
        "O meu filho esperou nove meses por uma consulta.",
    ]
    for text in others:
        assert not looks_dutch(text) and content_text(text) == text
    assert looks_dutch("Overbruggingszorg bestond uit één telefoontje per maand.")
    assert looks_dutch("Ouders hoorden via via dat de hulp was beëindigd.")
    assert looks_dutch("Hulp")  # too short to tell: read as Dutch
