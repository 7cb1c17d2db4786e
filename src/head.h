/*
 * head.h - page 1's header block and title, the signature block
 * (head.c). Return convention: 0 = ok, -1 = failed with a diagnostic
 * recorded.
 */
#ifndef BAOCAO_HEAD_H
#define BAOCAO_HEAD_H

struct lay;

/* The two-column header block of page 1, kept with what follows. */
int	head_block(struct lay *);
/* The title and subtitle, balanced, and the subtitle's rule. */
int	head_title(struct lay *);
/* The signature block: "Nơi nhận:" and its list, the signer; one slice. */
int	head_signature(struct lay *);

#endif
