{ File I/O with lower-case names, as written on Windows. }
var a, b: int64;
    f, g: text;
begin
  assign(f, 'sum.inp'); reset(f);
  assign(g, 'sum.out'); rewrite(g);
  readln(f, a, b);
  writeln(g, a + b);
  close(f); close(g);
end.
