"""The harness's modules and the one source text the sandbox receives from them."""

from __future__ import annotations

import ast
import sys

from sandbox.harness_source import HARNESS_DIR, HARNESS_MODULES, HARNESS_SOURCE


def _imported(tree: ast.AST) -> list[ast.Import | ast.ImportFrom]:
    return [node for node in ast.walk(tree) if isinstance(node, ast.Import | ast.ImportFrom)]


def test_every_module_is_joined() -> None:
    on_disk = {path.stem for path in HARNESS_DIR.glob("*.py")} - {"__init__"}
    assert set(HARNESS_MODULES) == on_disk


def test_modules_import_only_the_standard_library_and_earlier_modules() -> None:
    for position, module in enumerate(HARNESS_MODULES):
        tree = ast.parse((HARNESS_DIR / f"{module}.py").read_text())
        for node in _imported(tree):
            if isinstance(node, ast.ImportFrom) and node.level:
                assert node.level == 1 and node.module in HARNESS_MODULES[:position], (module, node.module)
                assert node in tree.body, f"{module}: a nested intra-harness import would survive the join"
            else:
                names = [node.module] if isinstance(node, ast.ImportFrom) else [a.name for a in node.names]
                for name in names:
                    assert name is not None and name.split(".")[0] in sys.stdlib_module_names, (module, name)


def test_the_joined_source_compiles_and_imports_nothing_of_the_harness() -> None:
    assert HARNESS_SOURCE.startswith("from __future__ import annotations\n")
    compile(HARNESS_SOURCE, "<harness>", "exec")
    for node in _imported(ast.parse(HARNESS_SOURCE)):
        assert isinstance(node, ast.Import) or node.level == 0, ast.unparse(node)
    defined = {node.name for node in ast.parse(HARNESS_SOURCE).body if isinstance(node, ast.FunctionDef)}
    assert "main" in defined


def test_the_line_scan_removes_exactly_the_imports_the_syntax_tree_names() -> None:
    """``harness_source`` scans lines; the syntax tree of each module says which lines are the imports it drops."""
    parts = ["from __future__ import annotations\n"]
    for module in HARNESS_MODULES:
        text = (HARNESS_DIR / f"{module}.py").read_text()
        lines = text.splitlines(keepends=True)
        for node in reversed(ast.parse(text).body):
            if isinstance(node, ast.ImportFrom) and (node.level > 0 or node.module == "__future__"):
                del lines[node.lineno - 1 : node.end_lineno]
        parts.append("".join(lines))
    assert "\n\n".join(parts) == HARNESS_SOURCE
