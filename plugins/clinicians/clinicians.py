"""Clinicians: resolve an article's `Referral: <key>` to a clinician from the
CLINICIANS setting and render the referral sentence that closes the article.

Sets `article.referral` to a :class:`Referral` (or None). An unknown key is
left for the editorial plugin to report, so staff see every problem at once.
"""

from dataclasses import dataclass

from markupsafe import Markup, escape

from pelican import signals
from pelican.contents import Article


@dataclass(frozen=True)
class Clinician:
    key: str
    name: str
    honorific_prefix: str = ""
    credential: str = ""
    url: str = ""

    @property
    def display_name(self):
        return f"{self.honorific_prefix} {self.name}".strip()

    @property
    def name_and_credential(self):
        return ", ".join(p for p in (self.display_name, self.credential) if p)


@dataclass(frozen=True)
class Referral:
    clinician: Clinician
    sentence: Markup


def get_clinician(settings, key):
    """The registered clinician for `key`, or None."""
    entry = (settings.get("CLINICIANS") or {}).get((key or "").strip())
    if not entry:
        return None
    fields = {f: str(entry.get(f) or "").strip() for f in Clinician.__dataclass_fields__}
    fields["key"] = key.strip()
    return Clinician(**fields)


def render_sentence(template, clinician, topic):
    """The referral sentence as safe HTML: every piece of text escaped, the
    clinician's name linked only when a profile URL is known."""
    name = escape(clinician.display_name)
    if clinician.url:
        name = Markup('<a href="{}">{}</a>').format(clinician.url, clinician.display_name)
    who = name + (Markup(", ") + clinician.credential if clinician.credential else "")
    before, _, after = template.partition("{clinician}")
    parts = [escape(p.replace("{topic}", topic)) for p in (before, after)]
    return parts[0] + (who if _ else Markup("")) + parts[1]


def attach_referral(content):
    if not isinstance(content, Article):
        return
    content.referral = None
    key = content.metadata.get("referral")
    clinician = get_clinician(content.settings, key) if key else None
    if clinician is None:
        return
    template = content.metadata.get("referral_text") or content.settings["REFERRAL_TEXT"]
    topic = (content.metadata.get("referral_topic") or "").strip()
    content.referral = Referral(clinician, render_sentence(template, clinician, topic))


def register():
    signals.content_object_init.connect(attach_referral)
