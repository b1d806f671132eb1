"""The LibreOffice reader plugin: a clear error without soffice, real conversions with it."""

from __future__ import annotations

import pickle
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from govinfo_report.errors import ConverterMissingError, CorruptFileError
from govinfo_report.layout import Table

PLUGIN = Path(__file__).parent.parent / "plugins" / "govinfo-report-libreoffice"
sys.path.insert(0, str(PLUGIN / "src"))

import govinfo_report_libreoffice as plugin  # noqa: E402

TEMPLATE = Path(__file__).parent / "fixtures" / "corpus" / "raw" / "govnianbao" / "template-2021-blank.docx"
HAS_SOFFICE = shutil.which("soffice") is not None


def test_missing_soffice_says_what_to_install(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("GOVINFO_SOFFICE", raising=False)
    monkeypatch.setenv("PATH", str(tmp_path))
    doc = tmp_path / "报告.doc"
    doc.write_bytes(plugin.OLE_MAGIC + bytes(504))
    with pytest.raises(ConverterMissingError) as caught:
        plugin.LibreOfficeReader().read(doc)
    message = str(caught.value)
    assert "报告.doc" in message and "apt-get install libreoffice-writer-nogui" in message


def test_sniff() -> None:
    reader = plugin.LibreOfficeReader()
    assert reader.sniff(plugin.OLE_MAGIC + bytes(8), Path("a.wps")) == 0.6
    assert reader.sniff(b"{\\rtf1\\ansi", Path("a.rtf")) == 0.8
    assert reader.sniff(b"PK\x03\x04" + bytes(26) + plugin.ODT_MIME, Path("a.odt")) == 0.9
    assert reader.sniff(b"PK\x03\x04" + bytes(26) + b"[Content_Types].xml", Path("a.docx")) == 0.0
    assert {".doc", ".wps", ".odt", ".rtf"} <= set(reader.extensions)


def test_entry_point_and_hook() -> None:
    tomllib = pytest.importorskip("tomllib")
    project = tomllib.loads((PLUGIN / "pyproject.toml").read_text(encoding="utf-8"))
    entry_points = project["project"]["entry-points"]["govinfo_report"]
    assert entry_points == {"libreoffice": "govinfo_report_libreoffice"}
    registered: list[object] = []
    plugin.register_readers(register=registered.append)
    assert [type(r) for r in registered] == [plugin.LibreOfficeReader]


def _fake_soffice(tmp_path: Path, body: str) -> Path:
    script = tmp_path / "soffice"
    script.write_text("#!/bin/sh\n" + body + "\n")
    script.chmod(0o755)
    return script


def test_timeout_and_failed_conversion(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    source = tmp_path / "a.doc"
    source.write_bytes(plugin.OLE_MAGIC + bytes(504))
    monkeypatch.setenv("GOVINFO_SOFFICE", str(_fake_soffice(tmp_path, "exec sleep 30")))
    work = tmp_path / "w1"
    work.mkdir()
    with pytest.raises(CorruptFileError, match="did not finish"):
        plugin.convert_to_docx(source, work, timeout=0.5)
    failing = _fake_soffice(tmp_path, "echo 'Error: source file could not be loaded' >&2")
    monkeypatch.setenv("GOVINFO_SOFFICE", str(failing))
    with pytest.raises(CorruptFileError, match="could not be loaded"):
        plugin.LibreOfficeReader().read(source)


@pytest.mark.libreoffice
@pytest.mark.skipif(not HAS_SOFFICE, reason="LibreOffice not installed")
@pytest.mark.parametrize("target", ["doc", "odt", "rtf"])
def test_converted_template_keeps_its_tables(tmp_path: Path, target: str) -> None:
    profile = (tmp_path / "profile").as_uri()
    subprocess.run(["soffice", f"-env:UserInstallation={profile}", "--headless", "--convert-to", target,
                    "--outdir", str(tmp_path), str(TEMPLATE)], check=True, capture_output=True, timeout=180)
    source = tmp_path / f"template-2021-blank.{target}"
    layout = plugin.LibreOfficeReader().read(source)
    assert layout.reader == "libreoffice" and layout.source == str(source)
    tables = [b for b in layout.blocks if isinstance(b, Table)]
    assert [(len(g), len(g[0])) for g in (t.text_rows() for t in tables)] == [(14, 4), (28, 10), (4, 15)]
    t3 = tables[1]
    assert t3.rows[0][0].row_span == 3 and t3.rows[0][0].col_span == 3
    assert t3.text_rows()[26][1] == "（七）总计"


def test_the_plugins_errors_are_told_in_either_language(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The sentence in the reader's language; LibreOffice's own words and a wrapped reader's
    message (told in the same language) inside it."""
    source = tmp_path / "a.doc"
    source.write_bytes(plugin.OLE_MAGIC + bytes(504))
    monkeypatch.setenv("GOVINFO_SOFFICE", str(_fake_soffice(tmp_path, "exec sleep 30")))
    (tmp_path / "w1").mkdir()
    with pytest.raises(CorruptFileError) as caught:
        plugin.convert_to_docx(source, tmp_path / "w1", timeout=0.5)
    assert str(caught.value).endswith("(LibreOffice did not finish converting within 0.5 s)")
    assert caught.value.text("zh").endswith("（LibreOffice 未能在 0.5 秒内完成转换）")
    monkeypatch.setenv("GOVINFO_SOFFICE", str(_fake_soffice(tmp_path, "exit 3")))
    with pytest.raises(CorruptFileError) as caught:
        plugin.LibreOfficeReader().read(source)
    assert str(caught.value).endswith("(LibreOffice could not convert it: exit status 3)")
    assert caught.value.text("zh").endswith("（LibreOffice 无法转换该文件：退出状态 3）")
    bodiless = tmp_path / "bodiless.docx"
    with zipfile.ZipFile(bodiless, "w") as z:
        z.writestr("word/document.xml", '<w:document xmlns:w="http://schemas.openxmlformats.org/'
                                        'wordprocessingml/2006/main"/>')
    # The fake converter copies that DOCX to the folder after --outdir.
    copying = _fake_soffice(tmp_path, f'while [ "$1" != --outdir ]; do shift; done; cp {bodiless} "$2/input.docx"')
    monkeypatch.setenv("GOVINFO_SOFFICE", str(copying))
    with pytest.raises(CorruptFileError) as caught:
        plugin.LibreOfficeReader().read(source)
    assert str(caught.value) == (f"{source}: the file is damaged or not of the type its name says "
                                 "(after conversion: word/document.xml has no w:body)")
    assert caught.value.text("zh") == (f"{source}: 文件已损坏，或与其扩展名所示类型不符"
                                       "（转换后：word/document.xml 中没有 w:body）")
    assert pickle.loads(pickle.dumps(caught.value)).text("zh") == caught.value.text("zh")
