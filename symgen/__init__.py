__version__ = "0.8.0"
# symgen: verified proof corpora and proof search in symbolic domains (README.md).
#
# The library in three calls, each imported on first use (module ``__getattr__``), so that
# ``import symgen`` and the command line stay fast and import neither torch nor the corpus
# pipeline until they are needed:
#
#     symgen.prove(text_or_problem, domain="geometry", proposer="none", timeout=60.0)
#     symgen.generate(out, domain="geometry", count=300, seed=0, workers=1, **settings)
#     symgen.load_corpus(folder)
#
# They live in ``symgen.api``; the command line is ``symgen.cli`` (``python -m symgen``).

API = ("prove", "generate", "load_corpus")

__all__ = ["__version__", *API]


def __getattr__(name: str):
    if name in API:
        from . import api
        return getattr(api, name)
    raise AttributeError(f"module 'symgen' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(API))
