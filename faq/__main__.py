"""``python -m faq`` — the same command as ``dispute-bot faq`` (see faq/cli.py)."""

import argparse
import sys

from .cli import add_arguments, run


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m faq",
        description="Answer a question about Taobao disputes from the FAQ knowledge base.",
    )
    add_arguments(parser)
    return run(parser.parse_args(argv))


if __name__ == "__main__":
    sys.exit(main())
