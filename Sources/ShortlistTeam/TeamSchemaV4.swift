/// v4: a note taken back during a call (`/undo`) leaves the server too. `push` is replaced by one that deletes, in
/// the caller's own open interviews, the notes the push no longer carries (a laptop pushes an open interview with
/// every note it holds), and marks the interview changed so that laptops which pulled the note take the interview's
/// content again. What clients send is unchanged (`clientVersion` stays 3): a v3 laptop's pushes take notes back the
/// same way.
extension TeamSchema {
  static let v4: [String] = [
    pushFunction.replacingOccurrences(
      of: "CREATE FUNCTION shortlist.push(", with: "CREATE OR REPLACE FUNCTION shortlist.push("),
    "ALTER FUNCTION shortlist.push(jsonb) OWNER TO shortlist_owner",
    "REVOKE ALL ON FUNCTION shortlist.push(jsonb) FROM PUBLIC",
    "GRANT EXECUTE ON FUNCTION shortlist.push(jsonb) TO shortlist_member",
  ]
}
