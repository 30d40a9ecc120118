"""Review: a static HTML page where editors accept or reject each fix, and the decisions file
that ``mtfix apply`` turns into the reviewed text."""
