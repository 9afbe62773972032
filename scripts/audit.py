"""`make audit`: Lighthouse's four scores for each page type, in English and Arabic, on a phone and a desktop.

Like `make bench` (whose set-up it shares): a throwaway PostgreSQL (scripts/with-postgres), production
settings, the demo content, collected static files and gunicorn; then Lighthouse (from the npm registry,
installed under .audit/ by the Makefile) drives Debian's Chromium against each page and the scores
(performance, accessibility, best practices, SEO) are printed as a table. The browser reaches no host but
this machine. Goal: 100 everywhere.
"""

import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import bench  # noqa: E402  (the same throwaway site as `make bench`)

ROOT = bench.ROOT
LIGHTHOUSE = ROOT / ".audit" / "node_modules" / ".bin" / "lighthouse"
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CATEGORIES = ["performance", "accessibility", "best-practices", "seo"]
LANGUAGES = ["en", "ar"]
CHROME_FLAGS = " ".join(
    [
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE localhost, EXCLUDE 127.0.0.1",
    ]
)


class Gunicorn(bench.Gunicorn):
    """`make bench`'s server, with media served as the proxy serves them in production (audit_wsgi)."""

    wsgi_module = "audit_wsgi"
    python_path = (ROOT, ROOT / "scripts")


def failing_audits(report):
    """The audits that cost points, by name, for the note beside a score below 100."""
    failing = []
    for category in report["categories"].values():
        for ref in category["auditRefs"]:
            audit = report["audits"][ref["id"]]
            if ref["weight"] > 0 and audit["score"] is not None and audit["score"] < 1:
                failing.append(audit["id"])
    return failing


def lighthouse(url, form_factor, workdir):
    report = Path(workdir) / "report.json"
    command = [
        str(LIGHTHOUSE),
        url,
        "--quiet",
        "--output=json",
        f"--output-path={report}",
        f"--chrome-flags={CHROME_FLAGS}",
        f"--only-categories={','.join(CATEGORIES)}",
    ]
    if form_factor == "desktop":
        command.append("--preset=desktop")
    env = {**os.environ, "CHROME_PATH": CHROMIUM}
    subprocess.run(command, check=True, env=env, cwd=ROOT, timeout=300)
    found = json.loads(report.read_text())
    scores = {name: round(100 * (found["categories"][name]["score"] or 0)) for name in CATEGORIES}
    return scores, failing_audits(found)


def main():
    if not LIGHTHOUSE.exists():
        bench.say("Lighthouse is missing: run `make audit`, which installs it under .audit/.")
        sys.exit(2)
    if not os.environ.get("DATABASE_URL", "").startswith("postgres"):
        bench.say("DATABASE_URL must name a PostgreSQL database: run this through `make audit`.")
        sys.exit(2)
    with tempfile.TemporaryDirectory(prefix="audit-") as workdir:
        workdir = Path(workdir)
        env = bench.bench_environment(workdir)
        env["STATIC_ROOT"] = str(workdir / "static")
        bench.prepare_database(env)
        bench.setup_django(env)
        # Lighthouse refuses to audit a page that answers 404, so the bench's 404 row is left out.
        pages = [(name, paths) for name, paths in bench.page_paths() if name != "404"]
        rows = []
        with Gunicorn(env, page_cache_seconds=600) as server:
            for name, paths in pages:
                for language in LANGUAGES:
                    if language not in paths:
                        continue
                    for form_factor in ("mobile", "desktop"):
                        scores, failing = lighthouse(server.url(paths[language]), form_factor, workdir)
                        rows.append((name, language, form_factor, scores))
                        bench.say(f"  {name:16} {language} {form_factor:7} {scores} {' '.join(failing)}")
    print()
    print(f"{'page':16} {'lang':4} {'device':7} " + " ".join(f"{name[:14]:>14}" for name in CATEGORIES))
    for name, language, form_factor, scores in rows:
        print(f"{name:16} {language:4} {form_factor:7} " + " ".join(f"{scores[c]:>14}" for c in CATEGORIES))
    below = [row for row in rows if min(row[3].values()) < 100]
    print(f"\n{len(rows) - len(below)} of {len(rows)} runs score 100 in all four categories.")


if __name__ == "__main__":
    main()
