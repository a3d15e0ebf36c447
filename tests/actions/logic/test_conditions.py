def test_a_hyphenated_name_found_in_part_is_taken_whole():
    from actions.logic.conditions import whole_name

    assert whole_name("Erdheim-Chester disease", "Chester disease") == "Erdheim-Chester disease"
    assert whole_name("my dad has Guillain-Barre syndrome", "Barre syndrome") == (
        "Guillain-Barre syndrome"
    )
    assert whole_name("my wife has endometriosis", "endometriosis") == "endometriosis"
    assert whole_name("something else", "lupus") == "lupus"
