"""Two builds at once share the stylesheet manifest (.cache/webassets.json):
a reader must never see a half-written file."""

import multiprocessing
from types import SimpleNamespace

from clinic_site.assets_manifest import AtomicJsonManifest

ROUNDS = 400


def keep_writing(filename, manifest_class):
    manifest = manifest_class(filename)
    for i in range(ROUNDS):
        # big enough that a write takes a while: many bundles, like a full site
        manifest.manifest = {f"theme/css/site-{n}.%(version)s.css": f"{i:08x}" for n in range(200)}
        manifest._save_manifest()


def read_while_written(tmp_path, manifest_class):
    """Errors a reader meets while another process keeps rewriting the manifest."""
    filename = str(tmp_path / "webassets.json")
    manifest_class(filename).remember(SimpleNamespace(output="theme/css/site.%(version)s.css"), None, "0")
    writer = multiprocessing.get_context("fork").Process(target=keep_writing, args=(filename, manifest_class))
    writer.start()
    reader, errors = manifest_class(filename), []
    bundle, ctx = SimpleNamespace(output="theme/css/site-0.%(version)s.css"), SimpleNamespace(auto_build=True)
    while writer.is_alive():
        try:
            reader.query(bundle, ctx)
        except ValueError as exc:  # json.JSONDecodeError
            errors.append(exc)
    writer.join()
    return errors


def test_manifest_is_never_read_half_written(tmp_path):
    assert read_while_written(tmp_path, AtomicJsonManifest) == []
    assert not [p for p in tmp_path.iterdir() if p.name != "webassets.json"], "no temporary file is left"


def test_settings_use_the_atomic_manifest():
    from pelican.settings import read_settings

    from conftest import ROOT

    config = dict(read_settings(str(ROOT / "pelicanconf.py"))["WEBASSETS_CONFIG"])
    assert config["manifest"].startswith("atomic-json:")
