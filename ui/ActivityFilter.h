#pragma once

#include <QObject>

class Session;

/// Application-wide event filter that reports user activity (keys, clicks, wheel) to the Session.
class ActivityFilter final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ActivityFilter)

public:
    explicit ActivityFilter(Session *session, QObject *parent = nullptr);
    ~ActivityFilter() override;

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    Session *m_session = nullptr;
};
