"""Validates a credential against a JSON Schema the way an outside validator would:
with the `jsonschema` package (draft 2019-09, formats checked), not with our code.

    check_schema.py SCHEMA_FILE CREDENTIAL_FILE

Exits 0 when it validates; prints every error (path: message) and exits 1 otherwise.
"""
import json
import sys

from jsonschema import Draft201909Validator


def main() -> int:
    schema = json.load(open(sys.argv[1]))
    credential = json.load(open(sys.argv[2]))
    Draft201909Validator.check_schema(schema)
    validator = Draft201909Validator(schema, format_checker=Draft201909Validator.FORMAT_CHECKER)
    errors = sorted(validator.iter_errors(credential), key=lambda e: list(e.absolute_path))
    for error in errors:
        path = "/".join(str(p) for p in error.absolute_path) or "(root)"
        print(f"{path}: {error.message}")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
