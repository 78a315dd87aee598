from kg.cli import app

if __name__ == "__main__":  # worker processes (spawn) import this module again
    app()
