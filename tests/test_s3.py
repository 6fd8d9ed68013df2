"""`make s3_upload` against a real S3 API: moto's server on 127.0.0.1, driven by
the same awscli (`aws s3 sync`) and script that publishing uses."""

import hashlib
import io
import json
import os
import shutil
import socket
import subprocess
from pathlib import Path

import pytest

from clinic_site import deploy_s3
from conftest import ROOT

DEPLOY_PYTHON = str(ROOT / ".venv-deploy" / "bin" / "python")
AWS = str(ROOT / ".venv-deploy" / "bin" / "aws")


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def s3():
    """(endpoint, boto3 client) of a moto S3 server on 127.0.0.1, stopped at the end."""
    assert Path(AWS).is_file(), f"{AWS} is missing: run `make test`, which installs awscli into .venv-deploy"
    import boto3
    from moto.server import ThreadedMotoServer

    port = free_port()
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    endpoint = f"http://127.0.0.1:{port}"
    client = boto3.client("s3", endpoint_url=endpoint, region_name="us-east-1",
                          aws_access_key_id="test", aws_secret_access_key="test")
    yield endpoint, client
    server.stop()


@pytest.fixture
def bucket(s3, request):
    endpoint, client = s3
    name = "clinic-" + hashlib.md5(request.node.name.encode()).hexdigest()[:12]
    client.create_bucket(Bucket=name)
    env = {**os.environ, "S3_BUCKET": name, "S3_ENDPOINT_URL": endpoint, "S3_REGION": "us-east-1",
           "AWS_ACCESS_KEY_ID": "test", "AWS_SECRET_ACCESS_KEY": "test", "AWS_CONFIG_FILE": os.devnull,
           "AWS_SHARED_CREDENTIALS_FILE": os.devnull}
    for key in ("S3_PRECOMPRESSED", "S3_FORCE", "AWS_PROFILE"):
        env.pop(key, None)
    return name, client, env


def sync(output, env, **extra):
    """Run the upload as `make s3_upload` does: with .venv-deploy's Python, awscli in-process."""
    proc = subprocess.run([DEPLOY_PYTHON, "-m", "clinic_site.deploy_s3", str(output), "--json"],
                          cwd=ROOT, env={**env, **extra}, capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    return json.loads(proc.stdout)


def objects(client, name):
    pages = client.get_paginator("list_objects_v2").paginate(Bucket=name)
    return {o["Key"]: o for page in pages for o in page.get("Contents", [])}


def plain_files(output):
    return {str(p.relative_to(output)): p for p in output.rglob("*")
            if p.is_file() and p.suffix not in (".gz", ".br")}


EXPECTED = [  # (pattern, Content-Type, Cache-Control), first match wins
    ("*.html", "text/html; charset=utf-8", "public, max-age=300"),
    ("theme/css/site.*.css", "text/css; charset=utf-8", "public, max-age=31536000, immutable"),
    ("*.css", "text/css; charset=utf-8", "public, max-age=300"),
    ("*.atom.xml", "application/atom+xml; charset=utf-8", "public, max-age=3600"),
    ("*.xml", "application/xml; charset=utf-8", "public, max-age=3600"),
    ("*.txt", "text/plain; charset=utf-8", "public, max-age=3600"),
    ("*.svg", "image/svg+xml", "public, max-age=86400"),
]


def expected_headers(key):
    """The headers a key must have; images and other files get the type their name says."""
    import fnmatch
    import mimetypes

    for pattern, content_type, cache in EXPECTED:
        if fnmatch.fnmatchcase(key, pattern):
            return content_type, cache
    return mimetypes.guess_type(key)[0] or "binary/octet-stream", "public, max-age=86400"


def test_sync_uploads_every_file_with_its_headers_then_only_changes(bucket, published_copy, published_again, tmp_path):
    """One bucket through a site's life: first upload, an unchanged second sync,
    a rebuild of the same commit, then a one-letter fix and a removed page."""
    name, client, env = bucket
    # 1. First sync: every file, with its type and cache policy.
    result = sync(published_copy, env)
    local = plain_files(published_copy)
    assert sorted(result["uploaded"]) == sorted(local)
    assert result["bytes"] == sum(p.stat().st_size for p in local.values())
    assert result["final_uploads"] == [], "every file belongs to a pass with explicit headers"
    remote = objects(client, name)
    assert sorted(remote) == sorted(local), "the .gz/.br variants are left out on purpose"
    for key, path in local.items():
        head = client.head_object(Bucket=name, Key=key)
        assert head["ETag"].strip('"') == hashlib.md5(path.read_bytes()).hexdigest(), key
        assert "ContentEncoding" not in head, key
        assert (head["ContentType"], head["CacheControl"]) == expected_headers(key), key
    print(f"\nfirst sync: {len(result['uploaded'])} files, {result['bytes']} bytes")

    # 2. The same folder again: nothing to send.
    again = sync(published_copy, env)
    assert again["uploaded"] == [] and again["deleted"] == []
    print(f"second sync: {len(again['uploaded'])} uploads")

    # 3. A fresh build of the same commit: new file times, same bytes: nothing to send.
    rebuilt = tmp_path / "rebuilt"
    shutil.copytree(published_again.output, rebuilt)
    after_rebuild = sync(rebuilt, env)
    assert after_rebuild["uploaded"] == [] and after_rebuild["deleted"] == []
    print(f"sync after a rebuild: {len(after_rebuild['uploaded'])} uploads")

    # 4. A one-letter fix (same size, even with an old file time) is sent; a removed page is deleted.
    page = rebuilt / "archives" / "index.html"
    text = page.read_text(encoding="utf-8")
    edited = text.replace("Clinic Blog", "Clinic blog", 1)
    assert len(edited) == len(text) and edited != text
    page.write_text(edited, encoding="utf-8")
    os.utime(page, (0, 0))
    (rebuilt / "categories" / "index.html").unlink()
    result = sync(rebuilt, env)
    assert result["uploaded"] == ["archives/index.html"]
    assert result["deleted"] == ["categories/index.html"]
    assert client.get_object(Bucket=name, Key="archives/index.html")["Body"].read() == edited.encode()


def test_precompressed_variants_get_their_content_encoding(bucket, published_copy):
    name, client, env = bucket
    result = sync(published_copy, env, S3_PRECOMPRESSED="1")
    assert result["final_uploads"] == []
    variants = sorted(str(p.relative_to(published_copy)) for p in published_copy.rglob("*") if p.suffix in (".gz", ".br"))
    assert variants
    for key in variants:
        head = client.head_object(Bucket=name, Key=key)
        assert head["ContentEncoding"] == {".gz": "gzip", ".br": "br"}[Path(key).suffix], key
        assert (head["ContentType"], head["CacheControl"]) == expected_headers(key[:-3]), key


def test_missing_bucket_setting_stops_before_any_upload(published_copy):
    with pytest.raises(SystemExit, match="S3_BUCKET is not set"):
        deploy_s3.sync(str(published_copy), env={"AWS_CLI": AWS}, out=io.StringIO())
