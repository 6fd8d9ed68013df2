"""Tests for the clinicians plugin: lookup by key and the referral sentence."""

from .clinicians import Clinician, get_clinician, render_sentence

SETTINGS = {"CLINICIANS": {"lee": {"honorific_prefix": "Dr.", "name": "Sam Lee", "credential": "Psychiatrist",
                                   "url": ""}}}
TEXT = "Talk with a doctor, such as {clinician}, to learn much more about {topic} and how it can help you."


def test_lookup_by_key_strips_spaces_and_rejects_unknown():
    assert get_clinician(SETTINGS, " lee ").display_name == "Dr. Sam Lee"
    assert get_clinician(SETTINGS, "nobody") is None
    assert get_clinician({}, "lee") is None


def test_sentence_names_clinician_and_credential_without_a_link_when_no_url():
    html = render_sentence(TEXT, get_clinician(SETTINGS, "lee"), "sleep")
    assert html == ("Talk with a doctor, such as Dr. Sam Lee, Psychiatrist, to learn much more about sleep "
                    "and how it can help you.")


def test_sentence_links_the_name_only_when_a_url_is_set():
    clinician = Clinician(key="x", name="Sam Lee", credential="Psychiatrist", url="https://example.org/lee?a=1&b=2")
    html = render_sentence(TEXT, clinician, "sleep")
    assert '<a href="https://example.org/lee?a=1&amp;b=2">Sam Lee</a>, Psychiatrist' in html


def test_empty_fields_render_nothing():
    clinician = Clinician(key="x", name="Sam Lee")
    assert clinician.name_and_credential == "Sam Lee"
    assert "such as Sam Lee, to learn" in render_sentence(TEXT, clinician, "sleep")


def test_text_is_escaped():
    clinician = Clinician(key="x", name="<b>Sam</b>", credential="A & B")
    html = render_sentence("See {clinician} about {topic}.", clinician, "<script>x</script>")
    assert html == "See &lt;b&gt;Sam&lt;/b&gt;, A &amp; B about &lt;script&gt;x&lt;/script&gt;."
