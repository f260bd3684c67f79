# nbgrader settings of the crisis-PR course (deploy/grading, docs/deploy.md "Grading").
# Run nbgrader from this folder (or pass --CourseDirectory.root=...): source/ holds the
# instructor's version, release/ the students' copy, submitted/<student>/<assignment>/ the
# hand-ins (grade.py copies them there from the hub's hand-in boxes), autograded/ and
# feedback/ what nbgrader makes; gradebook.db the grades.
# ruff: noqa: F821  (``c`` is nbgrader's config object)
import os

c.CourseDirectory.course_id = "crisis-pr"
c.CourseDirectory.root = os.environ.get("WORKBENCH_COURSE", os.getcwd())
c.CourseDirectory.db_url = "sqlite:///" + os.path.join(c.CourseDirectory.root, "gradebook.db")
# Students come from the class's roster (grade.py adds them); the notebook runs for a while
# (stepper, comparison board, export), so give each one time on a busy server.
c.ExecutePreprocessor.timeout = 300
c.ClearSolutions.code_stub = {"python": "# 你的答案 · your answer\nraise NotImplementedError()"}
