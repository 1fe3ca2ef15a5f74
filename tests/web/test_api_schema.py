"""The JSON API fuzzed against its own OpenAPI document with schemathesis: no 5xx, and every
response as the document describes it (status codes, content types, bodies)."""
import shutil
import subprocess
import sys

from conftest import ADMIN_PASSWORD


def test_api_matches_its_openapi_document_and_never_fails(server):
    cli = shutil.which("schemathesis") or shutil.which("st")
    cmd = [cli] if cli else [sys.executable, "-m", "schemathesis.cli"]
    r = subprocess.run(cmd + ["run", server.url + "/api/openapi.json", "--url", server.url,
                              "--auth", f"admin:{ADMIN_PASSWORD}", "--checks", "all", "--max-examples", "25",
                              # Left out, with reasons: Hummingbird's router answers 404, not 405, to a
                              # method no route has; an upload is stored with its issues listed (201, as
                              # documented) whatever its bytes; a valid run request for a scenario with
                              # issues is refused with the documented 422, which positive_data_acceptance
                              # does not count as acceptable.
                              "--exclude-checks", "unsupported_method,negative_data_rejection,positive_data_acceptance",
                              "--seed", "1659", "--request-timeout", "20"],
                       capture_output=True, text=True, timeout=300)
    print(r.stdout[-6000:], r.stderr[-2000:])
    assert r.returncode == 0
