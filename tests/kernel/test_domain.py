"""Every registered domain meets the Domain protocol, and its prove returns an Outcome."""
import pytest

from symgen import registry
from symgen.domain import MEMBERS, Domain, Outcome

DOMAINS = ("geometry", "arithmetic", "code")


@pytest.mark.parametrize("name", DOMAINS)
def test_a_registered_domain_has_every_member_of_the_protocol(name):
    domain = registry.load(name)
    missing = [m for m in MEMBERS if not hasattr(domain, m)]
    assert not missing and isinstance(domain, Domain) and domain.name == name


def first_example(name: str, seconds: float):
    """The domain and its outcome on its first built-in example, with the heuristic."""
    domain = registry.load(name)
    text, source = domain.example_text()
    problem = next(p for p in domain.parse_file(text, source) if not isinstance(p, Exception))
    return domain, domain.prove(problem, seconds=seconds, proposer=domain.make_proposer("heuristic"))


@pytest.mark.parametrize("name", DOMAINS)
def test_prove_returns_an_outcome_with_the_shared_fields(name):
    domain, outcome = first_example(name, 20)
    assert isinstance(outcome, Outcome) and type(outcome.stop) is str
    assert isinstance(outcome.stats, dict) and isinstance(outcome.seconds, float)
    assert outcome.solved and outcome.stop == "goal reached" and outcome.steps >= 1
    assert set(outcome.columns) == set(domain.columns)
    assert isinstance(outcome.constructs, tuple) and outcome.text() and outcome.to_json()
    assert domain.replay(outcome) is None


@pytest.mark.parametrize("name", DOMAINS)
def test_a_time_limit_is_an_outcome_too(name):
    _, outcome = first_example(name, 0.0)
    assert isinstance(outcome, Outcome) and not outcome.solved and outcome.stop == "time limit"
    assert outcome.steps is None and outcome.constructs == () and outcome.text() and outcome.to_json()
