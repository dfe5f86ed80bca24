print("{{FIVE.WORD}}")
