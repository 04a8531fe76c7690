#include "ActivityFilter.h"

#include "Session.h"

#include <QEvent>

ActivityFilter::ActivityFilter(Session *session, QObject *parent)
    : QObject(parent)
    , m_session(session)
{
}

ActivityFilter::~ActivityFilter() = default;

bool ActivityFilter::eventFilter(QObject *watched, QEvent *event)
{
    switch (event->type()) {
    case QEvent::KeyPress:
    case QEvent::MouseButtonPress:
    case QEvent::Wheel:
    case QEvent::TouchBegin:
        m_session->notifyActivity();
        break;
    default:
        break;
    }
    return QObject::eventFilter(watched, event);
}
