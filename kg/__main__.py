"""``python -m kg`` and the ``kg`` script (``main``).

Worker processes import the command's main module again (spawned, or forked from the fork
server, which imports it once): kg.cli and its imports are taken only when the command runs."""


def main() -> None:
    from kg.cli import main as command

    command()


if __name__ == "__main__":
    main()
