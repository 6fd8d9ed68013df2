"""The webassets manifest (which hashed stylesheet name is current), written
atomically.

webassets' own JSON manifest truncates its file and then writes it, and reads
it again on every page: a second build running at the same time (`make html`
during `make test`, a devserver) read a half-written file and stopped with
"Expecting value: line 1 column 1". This one writes a temporary file and
renames it into place, so a reader sees the old manifest or the new one.
"""

import json
import os
import tempfile

from pelican.plugins.webassets.vendor.webassets.version import JsonManifest


class AtomicJsonManifest(JsonManifest):
    id = "atomic-json"

    def _save_manifest(self):
        folder = os.path.dirname(os.path.abspath(self.filename))
        fd, temporary = tempfile.mkstemp(prefix=".webassets-", suffix=".tmp", dir=folder)
        try:
            with os.fdopen(fd, "w") as f:
                json.dump(self.manifest, f, indent=4, sort_keys=True)
            os.replace(temporary, self.filename)
        except BaseException:
            os.unlink(temporary)
            raise
