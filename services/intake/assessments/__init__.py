"""Q-SER's assessed training (seed 004): a trainer writes a module's online Q&A assessment with a pass
mark; a mentor takes it in their language; a pass records the module as completed with its assessment
passed, so passing every required module qualifies the mentor (`MentorQualified`) as a trainer's record
does. `router` carries the routes and the page; intake's api.py includes it."""
