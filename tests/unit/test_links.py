"""Link extraction and resolution inside the vault root."""

from __future__ import annotations

from kb_tui.core.workspace.load import load_kb


def resolved(root, source: str) -> dict[str, str | None]:  # type: ignore[no-untyped-def]
    kb = load_kb(root)
    doc = next(d for d in kb.documents if d.path == source)
    return {link.target: link.resolved for link in doc.links}


def test_wikilinks_resolve_by_name_case_insensitively_and_nearest(make_vault) -> None:  # type: ignore[no-untyped-def]
    root = make_vault(
        {
            "infra/arch.md": "[[Network-Design]] [[net#Heading]] [[net|alias]] "
            "[[missing]] [[#Local]]",
            "infra/network-design.md": "x",
            "infra/net.md": "x",
            "other/net.md": "x",
            "other/deep/network-design.md": "x",
        }
    )
    links = resolved(root, "infra/arch.md")
    assert links["Network-Design"] == "infra/network-design.md"
    assert links["net#Heading"] == "infra/net.md"
    assert links["net"] == "infra/net.md"
    assert links["missing"] is None
    assert links["#Local"] == "infra/arch.md"


def test_markdown_links_relative_and_never_outside(make_vault) -> None:  # type: ignore[no-untyped-def]
    root = make_vault(
        {
            "a/doc.md": "[x](../b/other%20doc.md) [y](../../etc/passwd.md) [z](/abs.md) "
            "[w](https://example.com/a.md)",
            "b/other doc.md": "x",
        }
    )
    links = resolved(root, "a/doc.md")
    assert links == {
        "../b/other%20doc.md": "b/other doc.md",
        "../../etc/passwd.md": None,
        "/abs.md": None,
    }


def test_unresolved_links_are_problems(make_vault) -> None:  # type: ignore[no-untyped-def]
    kb = load_kb(make_vault({"d.md": "- [[nowhere]]\n"}))
    assert [(p.code, p.line) for p in kb.problems] == [("link-unresolved", 1)]


def test_folder_links_and_md_suffix(make_vault) -> None:  # type: ignore[no-untyped-def]
    root = make_vault({"x.md": "[[b/n]] [[n.md]]", "a/n.md": "", "b/n.md": ""})
    links = resolved(root, "x.md")
    assert links["b/n"] == "b/n.md"
    assert links["n.md"] in ("a/n.md", "b/n.md")
