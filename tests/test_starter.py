"""File names for new routines, and renamed copies."""

import pytest

from coach.routine.starter import renamed_copy, slug


@pytest.mark.parametrize(
    ("name", "file_name"),
    [("My Routine!", "my-routine"), ("Rückenübungen", "ruckenubungen"), ("Café", "cafe"),
     ("背中のストレッチ", "背中のストレッチ"), ("ジム", "ジム"), ("ﬁt", "fit"), ("a_b  c", "a-b-c"), ("!!!", "")],
)
def test_slug_keeps_letters_of_any_script_and_drops_accents(name, file_name):
    assert slug(name) == file_name


def test_renamed_copy_replaces_a_folded_name_and_keeps_the_rest():
    text = "# note\nname: >-\n  Old\n  name\nphases: []  # kept\n"
    copy = renamed_copy(text, "New")
    assert copy.splitlines()[1:] == ["# note", 'name: "New"', "phases: []  # kept"]
    assert copy.splitlines()[0].startswith("# yaml-language-server: $schema=")
