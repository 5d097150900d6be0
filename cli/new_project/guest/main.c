/* The guest: the program whose run zkrv proves. It reads its private input (any text), and commits
 * to the public journal the number of words and a 32-bit FNV-1a hash of the text. A receipt then
 * shows that some text with that many words and that hash exists, without revealing the text.
 * (Today's proofs are not zero-knowledge yet: see the zkrv README.) */
#include <ctype.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "zkrv/guest.h"

int main(void) {
  size_t length = 0;
  char *text = zkrv_read_all(&length); /* the private input, NUL-terminated */
  if (text == NULL) {
    zkrv_log("out of memory");
    return 1;
  }

  uint32_t words = 0;
  uint32_t hash = 2166136261u; /* FNV-1a, 32 bits */
  int in_word = 0;
  for (size_t i = 0; i < length; i++) {
    const unsigned char c = (unsigned char)text[i];
    hash = (hash ^ c) * 16777619u;
    if (isspace(c)) {
      in_word = 0;
    } else if (!in_word) {
      in_word = 1;
      words++;
    }
  }
  free(text);

  printf("guest: %lu bytes, %lu words\n", (unsigned long)length, (unsigned long)words); /* console only */
  zkrv_commit_u32(words); /* the journal: public */
  zkrv_commit_u32(hash);
  return 0;
}
