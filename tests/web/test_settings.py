"""The server's settings, declared once: docs/settings.md lists each with its default, and values come from the
command line, then kg.toml, then the default, each checked with an error naming where it came from."""

import re
import tomllib
from pathlib import Path

import pytest

from conftest import REPO_ROOT
from govkg.cli import main
from govkg.errors import KgError
from govkg.server.settings import SETTINGS, make_config, resolve

SETTINGS_PAGE = REPO_ROOT / "docs" / "settings.md"
KG_TOML = Path("/project/kg.toml")
ROW = re.compile(r"^\| `([a-z_]+)` \| `(--[a-z-]+) [A-Z]+` \| `([A-Z_]+)` \| `([^`]*)` \| .+ \|$", re.MULTILINE)


def none_given() -> dict:
    return {setting.name: None for setting in SETTINGS}


def test_the_settings_page_lists_every_setting_with_its_default():
    rows = ROW.findall(SETTINGS_PAGE.read_text(encoding="utf-8"))
    assert [row[0] for row in rows] == [setting.name for setting in SETTINGS]
    for (name, option, key, default), setting in zip(rows, SETTINGS, strict=True):
        assert (option, key) == (setting.option, setting.key), name
        assert tomllib.loads(f"value = {default}")["value"] == setting.default, name


def test_defaults_then_kg_toml_then_the_command_line():
    assert resolve(none_given(), {}, None) == {
        setting.key: setting.default for setting in SETTINGS
    }
    from_file = resolve(none_given(), {"port": 8080, "timeout": 5, "allow_service": []}, KG_TOML)
    assert (from_file["PORT"], from_file["QUERY_TIMEOUT"], from_file["SERVICE_ALLOWLIST"]) == (8080, 5.0, [])
    options = {**none_given(), "port": 9000, "allow_service": ["https://example.org/sparql"]}
    both = resolve(options, {"port": 8080, "timeout": 5}, KG_TOML)
    assert (both["PORT"], both["QUERY_TIMEOUT"], both["SERVICE_ALLOWLIST"]) == (9000, 5.0, ["https://example.org/sparql"])


@pytest.mark.parametrize(
    "project, message",
    [
        ({"colour": "red"}, "/project/kg.toml: [server]: unknown setting 'colour' (known: host, port,"),
        ({"workers": 0}, "/project/kg.toml: [server] workers = 0: must be at least 1"),
        ({"port": "http"}, "/project/kg.toml: [server] port = 'http': is not a whole number"),
        ({"port": 70000}, "/project/kg.toml: [server] port = 70000: must be at most 65535"),
        ({"timeout": True}, "/project/kg.toml: [server] timeout = True: is not a number"),
        ({"row_cap": 2.5}, "/project/kg.toml: [server] row_cap = 2.5: is not a whole number"),
        ({"allow_service": ["sparql"]}, "[server] allow_service = ['sparql']: 'sparql' is not an absolute IRI"),
        ({"allow_service": [1]}, "[server] allow_service = [1]: must be a list of strings"),
        ({"public_base": "w3id.org/govkg/"}, "public_base = 'w3id.org/govkg/': must be an http(s) IRI ending in '/'"),
    ],
)
def test_a_bad_kg_toml_value_is_one_line_naming_the_file_and_key(project, message):
    with pytest.raises(KgError) as raised:
        resolve(none_given(), project, KG_TOML)
    assert message in str(raised.value) and "\n" not in str(raised.value)


def test_a_bad_option_names_the_option():
    with pytest.raises(KgError, match=r"^--worker-memory 100: must be at least 512$"):
        resolve({**none_given(), "worker_memory": 100}, {"worker_memory": 1024}, KG_TOML)


@pytest.mark.parametrize(
    "config, message",
    [
        ({"PUBLIC_BASE": "https://w3id.org/govkg"}, "server configuration PUBLIC_BASE='https://w3id.org/govkg'"),
        ({"WORKERS": "many"}, "server configuration WORKERS='many': is not a whole number"),
        ({"SERVICE_ALLOWLIST": "sparql"}, "server configuration SERVICE_ALLOWLIST='sparql': 'sparql' is not"),
    ],
)
def test_create_app_config_is_checked_too(config, message):
    with pytest.raises(KgError, match=re.escape(message)):
        make_config(config)


def test_create_app_config_takes_a_single_service_and_drops_empty_ones():
    assert make_config({"SERVICE_ALLOWLIST": "https://example.org/sparql"})["SERVICE_ALLOWLIST"] == [
        "https://example.org/sparql"
    ]
    assert make_config({"SERVICE_ALLOWLIST": [""]})["SERVICE_ALLOWLIST"] == []


@pytest.mark.parametrize(
    "options, message",
    [
        (["--workers", "0"], "--workers 0: must be at least 1"),
        (["--allow-service", "sparql"], "--allow-service ['sparql']: 'sparql' is not an absolute IRI"),
        (["--worker-memory", "100"], "--worker-memory 100: must be at least 512"),
        (["--public-base", "w3id.org/govkg/"], "--public-base 'w3id.org/govkg/': must be an http(s) IRI ending in '/', without"),
        (["--port", "99999"], "--port 99999: must be at most 65535"),
    ],
)
def test_kg_serve_refuses_a_bad_option_in_one_line_before_building(tmp_path, capsys, options, message):
    assert main(["serve", "--store", str(tmp_path / "never-built"), *options]) == 1
    (line,) = capsys.readouterr().err.strip().splitlines()
    assert line.startswith(f"kg serve: error: {message}")
    assert not (tmp_path / "never-built").exists()


def test_kg_serve_refuses_an_unknown_kg_toml_setting(tmp_path, capsys):
    (tmp_path / "kg.toml").write_text("[server]\ncolour = 'red'\n", encoding="utf-8")
    assert main(["serve", "--project", str(tmp_path), "--store", str(tmp_path / "never-built")]) == 1
    (line,) = capsys.readouterr().err.strip().splitlines()
    assert line.startswith(f"kg serve: error: {tmp_path / 'kg.toml'}: [server]: unknown setting 'colour' (known: ")
