"""The code the pages include. Importing the package first caps the CPU code paths (see cpu_paths)."""

from snippets import cpu_paths

cpu_paths.pin()
