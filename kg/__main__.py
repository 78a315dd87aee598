"""``python -m kg``. Worker processes import this module again (as ``__mp_main__``, spawned or
forked from the fork server): kg.cli and its imports are taken only when it runs as the command."""

if __name__ == "__main__":
    from kg.cli import main

    main()
