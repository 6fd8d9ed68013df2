"""Synthetic content for the benchmark: N posts that follow the editorial rules
(front matter as in README's "Writing a post"), spread over several
categories and tags, each 600-900 words in several `##` sections.

    python -m bench.generate N FOLDER

The same N and seed always give the same files.
"""

import argparse
import datetime as dt
import random
from pathlib import Path

CATEGORIES = ["Anxiety", "Depression", "Sleep", "Trauma", "Families", "Treatments", "Wellbeing", "Blog"]
TAGS = [
    "anxiety", "depression", "sleep", "ptsd", "ocd", "adhd", "grief", "stress", "parenting",
    "teens", "older adults", "medication", "therapy", "cbt", "mindfulness", "exercise",
    "nutrition", "relationships", "work", "school", "self-care", "panic", "phobias",
    "bipolar disorder", "eating disorders", "substance use", "loneliness", "burnout",
    "postpartum", "caregivers",
]
TOPICS = [
    "sleep and anxiety", "panic attacks", "seasonal low mood", "grief after a loss", "school refusal",
    "social anxiety", "burnout at work", "postpartum depression", "caring for a parent",
    "obsessive thoughts", "trauma memories", "screen time and mood", "loneliness in later life",
    "exam stress", "starting therapy", "antidepressant medication", "mindfulness practice",
    "anger in teenagers", "health anxiety", "bipolar disorder", "eating well and mood",
    "exercise and depression", "phobias", "attention difficulties in adults", "family conflict",
]
TITLE_FORMS = [
    "Understanding {t}", "A Guide to {t}", "Living With {t}", "Questions About {t}",
    "Helping a Loved One With {t}", "What to Know About {t}", "First Steps With {t}",
]
HEADINGS = [
    "What It Is", "Common Signs", "Why It Happens", "When to Seek Help", "How Treatment Works",
    "Talking to Your Family", "Daily Habits That Help", "Questions to Ask Your Doctor",
    "What Recovery Looks Like", "Support at School", "Support at Work", "Looking After Yourself",
    "Myths and Facts", "Medication Options", "Talking Therapies", "Planning Ahead",
    "Sleep and Routine", "Warning Signs", "Helping Children Understand", "Next Steps",
]
SUBHEADINGS = [
    "For Parents", "For Partners", "For Young People", "At Home", "In the Clinic",
    "Short Term", "Long Term", "On Bad Days", "On Good Days", "With Friends",
]
# Everyday words of patient-education writing; word choice follows a rough
# Zipf curve so that the text compresses about as well as real prose.
WORDS = """
the of and to a in is it you that for be can with your are as this or on
have not may help people feel often many some when more about who what how
they other their time there these also but if by one into most without
do make life change treatment therapy doctor support family friends sleep mood
thoughts feelings worry stress body mind day night week month year work school
home care health mental symptoms signs problems changes steps plan talk listen
ask answer learn understand notice find start stop keep try give take need
want know think say see look go come use reduce improve manage cope handle
helpful useful important common normal different difficult hard easy small
large early late quick slow calm tired anxious sad low angry worried safe
together alone every each both few much enough well better often usually
sometimes rarely gently slowly clearly simply honestly openly regularly
appointment session clinician psychologist nurse counsellor medicine dose
routine habit exercise walk breathing relaxation practice skill goal progress
""".split()


def words(rng, count):
    weights = [1 / (rank + 1) ** 0.9 for rank in range(len(WORDS))]
    return rng.choices(WORDS, weights=weights, k=count)


def sentence(rng):
    chosen = words(rng, rng.randint(8, 18))
    text = " ".join(chosen)
    return text[0].upper() + text[1:] + "."


def paragraph(rng):
    return " ".join(sentence(rng) for _ in range(rng.randint(2, 4)))


def bullet_list(rng):
    return "\n".join("- " + sentence(rng) for _ in range(rng.randint(3, 5)))


def post(index, total, rng):
    """(file name, Markdown text) of post number `index` of `total`."""
    topic = TOPICS[index % len(TOPICS)]
    title = f"{TITLE_FORMS[index % len(TITLE_FORMS)].format(t=topic.title())}, Part {index + 1}"
    category = CATEGORIES[index % len(CATEGORIES)]
    tags = rng.sample(TAGS, rng.randint(2, 4))
    # Dates spread evenly over ten years, whatever N is.
    start = dt.datetime(2016, 1, 1, 9, 0)
    span = dt.timedelta(days=3650)
    date = start + span * index / max(total, 1)

    sections = rng.sample(HEADINGS, rng.randint(4, 6))
    outline, body = [], []
    intro = paragraph(rng)
    for number, heading in enumerate(sections):
        outline.append(f"## {heading}")
        body += [f"## {heading}", paragraph(rng)]
        if number == 1:
            body.append(bullet_list(rng))
        if number == 2:
            for sub in rng.sample(SUBHEADINGS, 2):
                outline.append(f"### {sub}")
                body += [f"### {sub}", paragraph(rng)]
    # Then more paragraphs in the last section, up to a length of 600-900 words.
    target = rng.randint(600, 880)
    count = len(intro.split()) + sum(len(b.split()) for b in body if not b.startswith("#"))
    extra = []
    while count < target:
        if not extra or rng.random() < 0.3:
            extra.append([])
        text = sentence(rng)
        extra[-1].append(text)
        count += len(text.split())
    body += [" ".join(p) for p in extra]

    front = [
        f"Title: {title}",
        f"Date: {date:%Y-%m-%d %H:%M}",
        f"Category: {category}",
        f"Tags: {', '.join(tags)}",
        f"Summary: {sentence(rng)}",
        "Referral: charlotin",
        f"Referral_topic: {topic}",
        "Outline: " + "\n    ".join(outline),
    ]
    text = "\n".join(front) + "\n\n" + intro + "\n\n" + "\n\n".join(body) + "\n"
    return f"post-{index + 1:05d}.md", text


def generate(count, folder, seed=7):
    """Write `count` posts into `folder` (created); return the list of paths."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    rng = random.Random(seed)
    paths = []
    for index in range(count):
        name, text = post(index, count, rng)
        path = folder / name
        path.write_text(text, encoding="utf-8")
        paths.append(path)
    return paths


def edit_one(path):
    """A small staff edit: one more sentence at the end of the post."""
    path = Path(path)
    text = path.read_text(encoding="utf-8")
    path.write_text(text.rstrip("\n") + " One more sentence, added in a later edit.\n", encoding="utf-8")


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("count", type=int)
    parser.add_argument("folder")
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args(argv)
    generate(args.count, args.folder, args.seed)


if __name__ == "__main__":
    main()
