"""``symgen render`` from the command line: domains without diagrams say so."""
import pytest

from symgen.cli import main


@pytest.mark.parametrize("domain", ["arithmetic", "code"])
def test_a_domain_without_diagrams_says_so_in_one_line(domain, tmp_path, capsys):
    code = main(["render", "--domain", domain, "-o", str(tmp_path / "x.png")])
    err = capsys.readouterr().err.strip()
    assert code != 0
    assert err == f"error: the {domain} domain has no diagrams to render"
    assert not (tmp_path / "x.png").exists()
