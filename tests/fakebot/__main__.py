"""Run the fake Bot API standalone: moved to ``python -m bot.fakeapi``."""

import runpy

runpy.run_module("bot.fakeapi", run_name="__main__")
