#!/usr/bin/env python
"""Django's command-line utility for administrative tasks."""

import sys


def main():
    """Run administrative tasks."""
    from django.core.management import execute_from_command_line

    from config.startup import exit_if_database_unreachable, load_settings_or_exit

    load_settings_or_exit()
    with exit_if_database_unreachable():
        execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
