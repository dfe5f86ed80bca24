// a template, not this package's validator
int main() { return 43; }
