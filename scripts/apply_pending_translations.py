"""Merge translations waiting in ``locale-pending/*.json`` into the gettext catalogues.

Work done on separate branches adds interface strings at the same time; editing the ``.po`` files on each
branch would conflict on every line number. Each branch instead writes the translations of its new strings
to its own ``locale-pending/<topic>.json``:

    [{"msgid": "File refused", "fr": "Fichier refusé", "es": "…", "ru": "…", "ar": "…", "fa": "…", "pt": "…"},
     {"msgid": "%(n)s file", "msgid_plural": "%(n)s files", "msgctxt": "optional",
      "fr": ["%(n)s fichier", "%(n)s fichiers"], …}]

Run ``make messages`` first (it adds the new msgids), then this script, then ``make compilemessages``.
An entry already translated in a catalogue is left as it is unless ``--overwrite`` is given.
"""

import argparse
import json
import pathlib

import polib

ROOT = pathlib.Path(__file__).resolve().parent.parent
LANGUAGES = ["fr", "es", "ru", "ar", "fa", "pt"]


def load_pending(folder):
    entries = []
    for path in sorted(folder.glob("*.json")):
        entries.extend(json.loads(path.read_text(encoding="utf-8")))
    return entries


def apply(entries, overwrite=False):
    missing = []
    for language in LANGUAGES:
        path = ROOT / "locale" / language / "LC_MESSAGES" / "django.po"
        catalogue = polib.pofile(str(path), wrapwidth=79)
        changed = 0
        for item in entries:
            translation = item.get(language)
            if translation is None:
                continue
            entry = catalogue.find(item["msgid"], msgctxt=item.get("msgctxt"))
            if entry is None:
                missing.append((language, item["msgid"]))
                continue
            if entry.obsolete:
                continue
            already = any(entry.msgstr_plural.values()) if entry.msgid_plural else bool(entry.msgstr)
            if already and not overwrite and "fuzzy" not in entry.flags:
                continue
            if item.get("msgid_plural"):
                forms = translation if isinstance(translation, list) else [translation]
                entry.msgstr_plural = dict(enumerate(forms))
            else:
                entry.msgstr = translation
            if "fuzzy" in entry.flags:
                entry.flags.remove("fuzzy")
            changed += 1
        catalogue.save(str(path))
        print(f"{language}: {changed} entries translated")
    for language, msgid in missing:
        print(f"not in the {language} catalogue (run make messages first?): {msgid[:70]!r}")
    return missing


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--folder", default=str(ROOT / "locale-pending"))
    parser.add_argument("--overwrite", action="store_true")
    arguments = parser.parse_args()
    missing = apply(load_pending(pathlib.Path(arguments.folder)), overwrite=arguments.overwrite)
    raise SystemExit(1 if missing else 0)


if __name__ == "__main__":
    main()
