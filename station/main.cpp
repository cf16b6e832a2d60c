#include <cstdio>
int main() { std::puts("optiqual"); return 0; }
