# {{FIVE.WORD}} is not replaced in a submission (BAPCtools does not either), so this prints the braces: WA.
print("{{FIVE.WORD}}")
