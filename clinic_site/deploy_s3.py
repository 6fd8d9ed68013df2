"""Upload a built site to S3 or any S3-compatible store with `aws s3 sync`.

    python -m clinic_site.deploy_s3 [output]        (make s3_upload)

Settings come from the environment:

    S3_BUCKET          the bucket (required)
    S3_REGION          its region (or AWS_DEFAULT_REGION; default us-east-1)
    S3_ENDPOINT_URL    the API address of an S3-compatible store (leave unset for AWS)
    S3_PRECOMPRESSED   1 to upload the .gz/.br files too, with their Content-Encoding
                       (only useful behind a CDN rule that picks them); default 0:
                       they are left out and the CDN compresses on the fly
    S3_FORCE           1 to send every file again (after changing the headers below)
    AWS_CLI            the aws program, when awscli is not installed in the Python
                       that runs this script (the Makefile runs it with .venv-deploy's)

Credentials are awscli's own: AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY, or
AWS_PROFILE.

The upload runs in passes, each with its own headers, in an order that never
leaves a page pointing at a file that is not there yet: the fingerprinted
stylesheet first (cached for a year, immutable), then feeds, images and other
files, then the HTML pages (short cache), and last a `sync --delete` that only
removes what the new build no longer has.

`aws s3 sync` decides what to send by size and modification time. A rebuild
gives every file a new time, so before syncing, each local file whose content
equals the object already in the bucket (MD5 = ETag) gets that object's time,
and each one whose content differs gets the current time. The sync then sends
exactly the changed files: a second publish of the same commit uploads nothing,
and a one-letter fix (same size) is never missed.
"""

import fnmatch
import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass, field
from datetime import datetime

HTML_CACHE = "public, max-age=300"
IMMUTABLE_CACHE = "public, max-age=31536000, immutable"
FEED_CACHE = "public, max-age=3600"
OTHER_CACHE = "public, max-age=86400"
FINGERPRINTED = "theme/css/site.*.css"  # written by pelican-webassets with its content hash
PRECOMPRESSED = {".gz": "gzip", ".br": "br"}


@dataclass
class Pass:
    """One `aws s3 sync` run: which files, and the headers they get."""

    name: str
    include: list
    exclude: list = field(default_factory=list)
    content_type: str = ""
    cache_control: str = ""
    content_encoding: str = ""


def base_passes():
    """Passes for the plain files, in upload order."""
    return [
        Pass("stylesheet", [FINGERPRINTED], content_type="text/css; charset=utf-8",
             cache_control=IMMUTABLE_CACHE),
        Pass("other stylesheets", ["*.css"], exclude=[FINGERPRINTED], content_type="text/css; charset=utf-8",
             cache_control=HTML_CACHE),
        Pass("feeds", ["*.atom.xml"], content_type="application/atom+xml; charset=utf-8",
             cache_control=FEED_CACHE),
        Pass("xml", ["*.xml"], exclude=["*.atom.xml"], content_type="application/xml; charset=utf-8",
             cache_control=FEED_CACHE),
        Pass("text", ["*.txt"], content_type="text/plain; charset=utf-8", cache_control=FEED_CACHE),
        Pass("svg", ["*.svg"], content_type="image/svg+xml", cache_control=OTHER_CACHE),
        # Everything else (images...): awscli guesses the type from the name.
        Pass("other files", ["*"], exclude=["*.html", "*.css", "*.xml", "*.txt", "*.svg", "*.gz", "*.br"],
             cache_control=OTHER_CACHE),
        Pass("pages", ["*.html"], content_type="text/html; charset=utf-8", cache_control=HTML_CACHE),
    ]


def passes(precompressed=False):
    """Every pass; the pre-compressed variants of a type follow its plain files."""
    result = []
    for plain in base_passes():
        result.append(plain)
        if precompressed and plain.content_type:
            for suffix, encoding in PRECOMPRESSED.items():
                result.append(Pass(f"{plain.name} ({encoding})", [p + suffix for p in plain.include],
                                   exclude=[p + suffix for p in plain.exclude],
                                   content_type=plain.content_type, cache_control=plain.cache_control,
                                   content_encoding=encoding))
    return result


def selects(step, key):
    """Whether `aws s3 sync --exclude '*' --include ... --exclude ...` takes this
    key (awscli applies the filters in order, the last match wins; its * also
    matches /)."""
    taken = False
    for pattern in step.include:
        taken = taken or fnmatch.fnmatchcase(key, pattern)
    for pattern in step.exclude:
        taken = taken and not fnmatch.fnmatchcase(key, pattern)
    return taken


def key_of(path, output):
    return os.path.relpath(path, output).replace(os.sep, "/")


def local_files(output, precompressed=False):
    for folder, _, files in os.walk(output):
        for name in sorted(files):
            if not precompressed and os.path.splitext(name)[1] in PRECOMPRESSED:
                continue
            yield os.path.join(folder, name)


def md5(path):
    digest = hashlib.md5(usedforsecurity=False)
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


class Aws:
    """The aws program with the bucket's region and endpoint."""

    def __init__(self, env=None):
        self.env = dict(os.environ if env is None else env)
        self.bucket = self.env.get("S3_BUCKET", "").strip()
        if not self.bucket:
            raise SystemExit("S3_BUCKET is not set — export S3_BUCKET=<bucket name> (see README, Publishing)")
        self.region = self.env.get("S3_REGION") or self.env.get("AWS_DEFAULT_REGION") or "us-east-1"
        self.endpoint = self.env.get("S3_ENDPOINT_URL", "").strip()
        self.program = self.env.get("AWS_CLI") or shutil.which("aws")
        if not self.program and not self.in_process():
            raise SystemExit("the aws program was not found — run `make s3_upload`, which installs it")

    def run(self, *args):
        args = [*args, "--region", self.region] + (["--endpoint-url", self.endpoint] if self.endpoint else [])
        if self.in_process():
            code, stdout, stderr = self.run_in_process(args)
        else:
            proc = subprocess.run([self.program, *args], env=self.env, capture_output=True, text=True)
            code, stdout, stderr = proc.returncode, proc.stdout, proc.stderr
        if code not in (0, 2):  # 2: some files skipped (e.g. unreadable), reported in stderr
            raise SystemExit(f"aws {' '.join(args[:2])} failed:\n{stderr.strip()}")
        return stdout

    def in_process(self):
        """Run awscli inside this Python when it is installed here (the Makefile
        runs this script with .venv-deploy's Python): one start-up instead of one
        per pass."""
        try:
            import awscli.clidriver  # noqa: F401
        except ImportError:
            return False
        return True

    def run_in_process(self, args):
        import contextlib
        import io

        from awscli.clidriver import create_clidriver

        saved = dict(os.environ)
        os.environ.update(self.env)  # keeps AWS_DATA_PATH, which importing awscli sets
        stdout, stderr = io.StringIO(), io.StringIO()
        try:
            with contextlib.redirect_stdout(stdout), contextlib.redirect_stderr(stderr):
                code = create_clidriver().main(list(args))
        finally:
            os.environ.clear()
            os.environ.update(saved)
        return code, stdout.getvalue(), stderr.getvalue()

    def objects(self):
        """{key: (etag, size, last modified as epoch seconds)} of the bucket."""
        out = self.run("s3api", "list-objects-v2", "--bucket", self.bucket, "--output", "json")
        result = {}
        for item in (json.loads(out) if out.strip() else {}).get("Contents", []) or []:
            modified = datetime.fromisoformat(item["LastModified"].replace("Z", "+00:00")).timestamp()
            result[item["Key"]] = (item["ETag"].strip('"'), item["Size"], modified)
        return result


def align_times(output, remote, precompressed=False, force=False):
    """Give unchanged files the bucket's time and changed ones the current time,
    so that size+time comparison sends exactly the changed files."""
    now = time.time()
    changed = 0
    for path in local_files(output, precompressed):
        found = remote.get(key_of(path, output))
        if found is None:
            continue
        etag, size, modified = found
        if "-" in etag and not force:  # multipart upload: its ETag is not an MD5, keep awscli's own rule
            continue
        same = not force and size == os.path.getsize(path) and etag == md5(path)
        stamp = modified if same else max(now, modified + 2)
        os.utime(path, (stamp, stamp))
        changed += not same
    return changed


UPLOAD = re.compile(r"^upload: .+ to s3://[^/]+/(.+)$")
DELETE = re.compile(r"^delete: s3://[^/]+/(.+)$")


def sync(output, env=None, out=sys.stdout):
    """Upload `output` to the bucket. Returns {"uploaded": [keys], "bytes": n, "deleted": [keys],
    "final_uploads": [keys]} (the last must be empty: every file belongs to a pass)."""
    output = os.path.abspath(output)
    if not os.path.isfile(os.path.join(output, "index.html")):
        raise SystemExit(f"{output}: no index.html — run `make publish` first")
    aws = Aws(env)
    precompressed = aws.env.get("S3_PRECOMPRESSED", "0") == "1"
    force = aws.env.get("S3_FORCE", "0") == "1"
    align_times(output, aws.objects(), precompressed, force)
    target = f"s3://{aws.bucket}"
    uploaded, deleted = [], []
    keys = [key_of(path, output) for path in local_files(output, precompressed)]
    for step in passes(precompressed):
        if not any(selects(step, key) for key in keys):
            continue  # each aws run costs a second; skip those with nothing to send
        args = ["s3", "sync", output, target, "--no-progress", "--exclude", "*"]
        for pattern in step.include:
            args += ["--include", pattern]
        for pattern in step.exclude:
            args += ["--exclude", pattern]
        if step.content_type:
            args += ["--content-type", step.content_type]
        if step.cache_control:
            args += ["--cache-control", step.cache_control]
        if step.content_encoding:
            args += ["--content-encoding", step.content_encoding]
        for line in aws.run(*args).splitlines():
            match = UPLOAD.match(line)
            if match:
                uploaded.append(match.group(1))
    # Last: remove what the new build no longer has. Every file was sent above,
    # so this only deletes.
    final = ["s3", "sync", output, target, "--no-progress", "--delete"]
    if not precompressed:
        final += ["--exclude", "*.gz", "--exclude", "*.br"]
    final_uploads = []
    for line in aws.run(*final).splitlines():
        if UPLOAD.match(line):
            final_uploads.append(UPLOAD.match(line).group(1))
        elif DELETE.match(line):
            deleted.append(DELETE.match(line).group(1))
    uploaded += final_uploads
    size = sum(os.path.getsize(os.path.join(output, key)) for key in uploaded)
    files = sum(1 for _ in local_files(output, precompressed))
    print(f"s3://{aws.bucket}: {files} files in the site; uploaded {len(uploaded)} ({size} bytes), "
          f"deleted {len(deleted)}.", file=out)
    return {"files": files, "uploaded": uploaded, "bytes": size, "deleted": deleted,
            "final_uploads": final_uploads}


def main(argv=None):
    import argparse

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("output", nargs="?", default="output")
    parser.add_argument("--json", action="store_true", help="print the result as JSON (for the tests)")
    args = parser.parse_args(argv)
    result = sync(args.output, out=sys.stderr if args.json else sys.stdout)
    if args.json:
        print(json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
