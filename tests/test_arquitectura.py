"""Dependencies point one way (STYLE.md): nucleo <- omil, convenios, empresas <- mesas <-
informes. The rule lives in import-linter's contracts in pyproject.toml ([tool.importlinter]);
these tests run the linter, so `make test` fails on a violation as `make lint` does."""

import os
import subprocess
import sys
import tomllib
from pathlib import Path

RAIZ = Path(__file__).resolve().parents[1]
LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")


def lint_imports(directorio: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(LINT_IMPORTS), "--no-cache", "--config", str(directorio / "pyproject.toml")],
        cwd=directorio,
        env={**os.environ, "PYTHONPATH": str(directorio)},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_el_codigo_cumple_los_contratos_de_capas():
    resultado = lint_imports(RAIZ)

    assert resultado.returncode == 0, resultado.stdout + resultado.stderr
    assert "0 broken" in resultado.stdout


def test_los_contratos_detectan_una_importacion_hacia_arriba(tmp_path):
    # given the project's contracts over empty apps, where nucleo imports informes
    configuracion = tomllib.loads((RAIZ / "pyproject.toml").read_text(encoding="utf-8"))
    contratos = configuracion["tool"]["importlinter"]
    for app in contratos["root_packages"]:
        (tmp_path / app).mkdir()
        (tmp_path / app / "__init__.py").write_text("")
    (tmp_path / "nucleo" / "alcance.py").write_text("import informes\n")
    (tmp_path / "pyproject.toml").write_text(_toml(contratos), encoding="utf-8")

    # when the linter runs
    resultado = lint_imports(tmp_path)

    # then the layers contract is broken, naming the import
    assert resultado.returncode != 0
    assert "BROKEN" in resultado.stdout
    assert "nucleo.alcance -> informes" in resultado.stdout


def _toml(contratos: dict) -> str:
    """[tool.importlinter] back as TOML (lists of strings and strings only)."""

    def valor(v):
        if isinstance(v, list):
            return "[" + ", ".join(valor(x) for x in v) + "]"
        return '"' + str(v).replace("\\", "\\\\").replace('"', '\\"') + '"'

    lineas = ["[tool.importlinter]"]
    lineas += [f"{k} = {valor(v)}" for k, v in contratos.items() if k != "contracts"]
    for contrato in contratos["contracts"]:
        lineas += ["", "[[tool.importlinter.contracts]]"]
        lineas += [f"{k} = {valor(v)}" for k, v in contrato.items()]
    return "\n".join(lineas) + "\n"
