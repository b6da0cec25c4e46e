import sys
from pathlib import Path

# tests/ holds plain modules (chapter12_questions.py) that test modules import
sys.path.insert(0, str(Path(__file__).resolve().parent))
