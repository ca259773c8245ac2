using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;

namespace MemcachePS.Bench
{
    /// <summary>A markdown table printed with padded columns, so it reads as well in a terminal as in bench/README.md.</summary>
    public sealed class MarkdownTable
    {
        private readonly string[] _headers;
        private readonly List<string[]> _rows = new();

        public MarkdownTable(params string[] headers) => _headers = headers;

        public void Add(params string[] cells)
        {
            if (cells.Length != _headers.Length) throw new ArgumentException($"A row of {cells.Length} cells in a table of {_headers.Length} columns.");
            _rows.Add(cells.Select(c => c.Replace("|", "\\|")).ToArray());
        }

        public void Print(TextWriter w)
        {
            int[] widths = _headers.Select(h => h.Length).ToArray();
            foreach (var row in _rows)
                for (int i = 0; i < row.Length; i++) widths[i] = Math.Max(widths[i], row[i].Length);
            w.WriteLine(Line(_headers, widths));
            w.WriteLine("|" + string.Join("|", widths.Select(n => new string('-', n + 2))) + "|");
            foreach (var row in _rows) w.WriteLine(Line(row, widths));
            w.WriteLine();
        }

        private static string Line(string[] cells, int[] widths) =>
            "| " + string.Join(" | ", cells.Select((c, i) => c.PadRight(widths[i]))) + " |";
    }
}
