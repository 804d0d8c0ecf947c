"""The benchmark figures of issue 6: one module per figure, each returning judged rows."""
