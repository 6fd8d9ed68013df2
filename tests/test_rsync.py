"""`make rsync_upload`: publish, then rsync to SSH_USER@SSH_HOST:SSH_TARGET_DIR.
ssh is replaced by a stand-in that runs rsync's remote side on this machine."""

import shutil
import subprocess

from conftest import ROOT, tree_digest

FAKE_SSH = """#!/bin/sh
# stand-in for ssh: note how it was called, drop the options and the host, run the command here
echo "$@" >> "$(dirname "$0")/calls"
while [ $# -gt 0 ]; do case "$1" in -p|-l) shift 2;; -*) shift;; *) shift; break;; esac; done
exec sh -c "$*"
"""


def test_rsync_upload_sends_the_published_site(tmp_path, published_site):
    assert shutil.which("rsync"), "rsync is missing: .ci/run installs it"
    fake = tmp_path / "ssh"
    fake.write_text(FAKE_SSH)
    fake.chmod(0o755)
    dest = tmp_path / "srv" / "clinic-blog"
    dest.mkdir(parents=True)
    (dest / "old-page.html").write_text("from the previous publish")
    cmd = ["make", "--no-print-directory", "rsync_upload", f"OUTPUTDIR={tmp_path / 'output'}", f"SSH={fake}",
           "SSH_HOST=web.example.org", "SSH_USER=deploy", "SSH_PORT=2222", f"SSH_TARGET_DIR={dest}"]
    proc = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert tree_digest(dest) == tree_digest(tmp_path / "output"), "the target holds exactly the published site"
    assert tree_digest(dest) == tree_digest(published_site.output)
    assert (dest / "index.html").stat().st_mode & 0o777 == 0o644
    calls = (tmp_path / "calls").read_text()
    assert "-p 2222" in calls and "deploy" in calls and "web.example.org" in calls

    # Publishing the same commit again sends no file: rsync compares contents.
    again = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True)
    assert again.returncode == 0, again.stderr
    sent = [line for line in again.stdout.splitlines() if line.endswith((".html", ".css", ".xml", ".gz", ".br"))]
    assert sent == [], sent


def test_rsync_upload_needs_host_and_folder(tmp_path):
    proc = subprocess.run(["make", "--no-print-directory", "rsync_upload", f"OUTPUTDIR={tmp_path / 'output'}",
                           "SSH_HOST=", "SSH_TARGET_DIR="], cwd=ROOT, capture_output=True, text=True)
    assert proc.returncode != 0
    assert "Set SSH_HOST and SSH_TARGET_DIR" in proc.stderr
