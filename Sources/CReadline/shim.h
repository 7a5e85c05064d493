#ifndef SHORTLIST_CREADLINE_SHIM_H
#define SHORTLIST_CREADLINE_SHIM_H
#include <stdio.h>
#include <stdlib.h>
#include <readline/readline.h>
#include <readline/history.h>

/* Setters and getters for readline globals, so Swift 6 never touches a mutable C global directly. */
static inline void shortlist_rl_set_completion(rl_completion_func_t *fn) { rl_attempted_completion_function = fn; }
static inline void shortlist_rl_set_completion_over(int v) { rl_attempted_completion_over = v; }
static inline void shortlist_rl_set_word_break(const char *s) { rl_completer_word_break_characters = (char *)s; }
static inline void shortlist_rl_set_quote_chars(const char *s) { rl_completer_quote_characters = s; }
static inline void shortlist_rl_set_append_character(int c) { rl_completion_append_character = c; }
static inline void shortlist_rl_set_readline_name(const char *s) { rl_readline_name = s; }
static inline void shortlist_rl_set_catch_signals(int v) { rl_catch_signals = v; }
static inline const char *shortlist_rl_line_buffer(void) { return rl_line_buffer; }
static inline int shortlist_rl_point(void) { return rl_point; }
static inline int shortlist_rl_completion_quote_character(void) { return rl_completion_quote_character; }
static inline void shortlist_rl_set_completion_suppress_quote(int v) { rl_completion_suppress_quote = v; }
static inline void shortlist_rl_set_filename_completion_desired(int v) { rl_filename_completion_desired = v; }
static inline void shortlist_rl_set_filename_quoting_desired(int v) { rl_filename_quoting_desired = v; }
static inline void shortlist_rl_set_sort_completion_matches(int v) { rl_sort_completion_matches = v; }

#include <signal.h>
#include <unistd.h>
#include <pthread.h>

/* Static configuration with string literals, so Swift holds no C string globals. */
static inline void shortlist_rl_configure(void) {
  rl_readline_name = "shortlist";
  rl_completer_word_break_characters = " \t\n";
  rl_completer_quote_characters = "\"'";
}

static volatile sig_atomic_t shortlist_in_readline = 0;
/* The write end of a pipe a watcher thread reads: Ctrl-C while a command runs writes a byte to it, and the thread
   interrupts the database work in progress (sqlite3_interrupt), which rolls it back. */
static int shortlist_sigint_fd = -1;

/* Ctrl-C: inside readline, drop the typed line and show a fresh prompt; outside it, do nothing (never exit).
   readline catches the signal itself, restores the terminal, then calls this handler at a safe point. */
static void shortlist_sigint_handler(int sig) {
  (void)sig;
  if (!shortlist_in_readline) {
    if (shortlist_sigint_fd >= 0) {
      char byte = 1;
      ssize_t written = write(shortlist_sigint_fd, &byte, 1);
      (void)written;
    }
    return;
  }
  rl_replace_line("", 0);
  rl_crlf();
  rl_on_new_line();
  rl_redisplay();
}

static inline void shortlist_install_sigint(void) {
  struct sigaction sa;
  sa.sa_handler = shortlist_sigint_handler;
  sigemptyset(&sa.sa_mask);
  sa.sa_flags = SA_RESTART;
  sigaction(SIGINT, &sa, NULL);
  /* A parent may have started us with SIGINT blocked (a test runner, a service manager): Ctrl-C must reach us. */
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGINT);
  pthread_sigmask(SIG_UNBLOCK, &set, NULL);
}

/* Opens the Ctrl-C pipe; returns its read end (-1 if it cannot). */
static inline int shortlist_sigint_pipe(void) {
  int fds[2];
  if (pipe(fds) != 0) return -1;
  shortlist_sigint_fd = fds[1];
  return fds[0];
}

/* readline() with the in-readline flag around it. */
static inline char *shortlist_readline(const char *prompt) {
  shortlist_in_readline = 1;
  char *line = readline(prompt);
  shortlist_in_readline = 0;
  return line;
}
#endif
