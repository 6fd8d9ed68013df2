"""Write a new draft post with the required front matter and structure.

    python -m clinic_site.newpost "Title of the post" [--content content]

Prints the path of the new file. Never overwrites an existing file.
"""

import argparse
import datetime
import os
import sys

TEMPLATE = """\
Title: {title}
Date: {date}
Category: Blog
Status: draft
Summary: One or two plain sentences saying what the reader will learn.
Referral: {referral}
Referral_topic: {topic}
Outline: ## First section
    ## Second section

Write a short introduction here: who this post is for and what it covers.

## First section

Write this section here.

## Second section

Write this section here.
"""


# The template's stand-in text: the editorial rules refuse to publish it.
PLACEHOLDERS = (
    "One or two plain sentences saying what the reader will learn.",
    "Write a short introduction here",
    "Write this section here.",
)


def new_post(title, content_dir="content", today=None, referral="charlotin"):
    """Create the draft and return its path; raise FileExistsError if it exists."""
    from pelican.utils import slugify

    title = " ".join(title.split())
    if not title:
        raise ValueError("TITLE is empty")
    slug = slugify(title, regex_subs=[(r"[^\w\s-]", ""), (r"(?u)\A\s*", ""), (r"(?u)\s*\Z", ""), (r"[-\s]+", "-")])
    if not slug:
        raise ValueError(f"TITLE '{title}' has no letters or digits")
    path = os.path.join(content_dir, f"{slug}.md")
    date = (today or datetime.date.today()).isoformat()
    text = TEMPLATE.format(title=title, date=date, referral=referral, topic=title.lower())
    with open(path, "x", encoding="utf-8") as f:  # "x": never overwrite
        f.write(text)
    return path


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("title")
    parser.add_argument("--content", default="content")
    args = parser.parse_args(argv)
    try:
        path = new_post(args.title, args.content)
    except FileExistsError as exc:
        print(f"{exc.filename} already exists — choose another TITLE, or edit that file", file=sys.stderr)
        return 1
    except ValueError as exc:
        print(f'{exc} — run: make newpost TITLE="Your title"', file=sys.stderr)
        return 1
    print(os.path.relpath(path))
    print("Written as a draft (Status: draft). Fill it in, preview with `make html`, "
          "then delete the Status line to publish.", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
